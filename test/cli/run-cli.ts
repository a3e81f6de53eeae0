import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export const CLI = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a command line (the built `nova`, or another program) and collects its output. */
export function runProgram(command: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
  });
}

/** Runs the built `nova` (npm run build first; npm test does). */
export function nova(args: string[], env: Record<string, string>): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  return runProgram(process.execPath, [CLI, ...args], env);
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
