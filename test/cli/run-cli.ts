import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export const CLI = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a command line (the built `nova`, or another program) and collects its output. */
export function runProgram(command: string, args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
  });
}

const SECRET_OPTIONS = ["--os-password", "--os-token", "--os-application-credential-secret"];
const SECRET_VARIABLES = ["OS_PASSWORD", "OS_TOKEN", "OS_APPLICATION_CREDENTIAL_SECRET"];

/**
 * The secrets a command line was given (options and variables). Words under 8 characters are
 * left out: the sandbox's password "secret" is also an ordinary word of help texts.
 */
function secretsOf(args: readonly string[], env: Record<string, string>): string[] {
  const given = args.flatMap((word, i) => {
    const [flag, inline] = word.split(/=(.*)/s);
    return SECRET_OPTIONS.includes(flag!) ? [inline ?? args[i + 1] ?? ""] : [];
  });
  return [...given, ...SECRET_VARIABLES.map((name) => env[name] ?? "")].filter((s) => s.length >= 8);
}

/**
 * Runs the built `nova` (npm run build first; npm test does). Every run is also a secrets check:
 * a password or token it was given must never appear in what it printed, whatever it printed.
 */
export async function nova(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const result = await runProgram(process.execPath, [CLI, ...args], env, stdin);
  for (const secret of secretsOf(args, env)) {
    if (result.stdout.includes(secret) || result.stderr.includes(secret)) throw new Error(`nova ${args.join(" ")} printed a secret it was given`);
  }
  return result;
}

/** The OS_* variables for a sandbox's admin. */
export const adminEnv = (authUrl: string): Record<string, string> => ({
  OS_AUTH_URL: authUrl,
  OS_USERNAME: "admin",
  OS_PASSWORD: "secret",
  OS_PROJECT_NAME: "admin",
  OS_USER_DOMAIN_NAME: "Default",
  OS_PROJECT_DOMAIN_NAME: "Default",
});
