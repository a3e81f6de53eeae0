import { createRequire } from "node:module";
import type { Argv, Options, PositionalOptions } from "yargs";
import { type CliArg, type CommandSpec, commands } from "../../generated/commands.js";
import { NovaApiError, NovaClientError } from "../core/errors.js";
import { USER_AGENT } from "../client/user-agent.js";
import { BUILTINS, completionScript, completionWords } from "./builtins.js";
import { inRange, parseRequestedVersion, parseVersion } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";
import type { Credentials } from "../client/keystone.js";
import type { Io } from "./context.js";
import { coercion } from "./coerce.js";
import { credentialsKey, startEarlyToken } from "./early-auth.js";
import { type GlobalArgs, clientOptions, globalOptions } from "./global-options.js";

/** A mistake on the command line: exit status 2, like argparse. */
class UsageError extends Error {}

function yargsType(arg: CliArg): "string" | "boolean" {
  return arg.type === "boolean" && !arg.metavar ? "boolean" : "string";
}

/** An argument for yargs; `label` names it in messages (--limit, or <ram> for a positional). */
function describeArg(arg: CliArg, label: string): Options & PositionalOptions {
  const described: Options & PositionalOptions = { type: yargsType(arg), describe: arg.help ?? "" };
  const coerce = coercion(arg, label);
  if (coerce) described.coerce = coerce;
  if (arg.choices) described.choices = [...arg.choices];
  if (arg["min-version"] || arg["max-version"]) described.describe += ` (microversion ${arg["min-version"] ?? "2.1"}${arg["max-version"] ? ` to ${arg["max-version"]}` : " or later"})`;
  return described;
}

/** "flavor-show <flavor>", "backup-instance <server> <name> [description]", "delete <server..>". */
function commandLine(spec: CommandSpec): string {
  const words = spec.args.filter((a) => !a.option).map((a) => (a.optional ? `[${a.name}${a.variadic ? ".." : ""}]` : `<${a.name}${a.variadic ? ".." : ""}>`));
  return [spec.name, ...words].join(" ");
}

function declare(y: Argv, spec: CommandSpec, env: Io["env"]): Argv {
  for (const arg of spec.args) {
    if (arg.option) y.option(arg.name, { ...describeArg(arg, `--${arg.name}`), requiresArg: true });
    else y.positional(arg.name, describeArg(arg, arg.metavar ?? `<${arg.name}>`));
  }
  for (const arg of spec.options) {
    // A metavar in brackets ("[<0|1>]") is argparse's nargs="?": the value may be left out.
    const o: Options = { ...describeArg(arg, `--${arg.name}`), requiresArg: yargsType(arg) !== "boolean" && !arg.metavar?.startsWith("[") };
    if (arg.aliases) o.alias = [...arg.aliases];
    if (arg.required) o.demandOption = true;
    if (arg.env && env[arg.env]) o.default = env[arg.env];
    y.option(arg.name, o);
  }
  return y;
}

/**
 * The variant to read the words with before the session's version is known: the one the
 * requested version falls in, or the newest for "latest" (what a current cloud will pick).
 */
function provisionalVariant(variants: CommandSpec[], argv: readonly string[], globals: Record<string, Options>): CommandSpec {
  const newest = variants[variants.length - 1]!;
  if (variants.length === 1) return newest;
  const at = argv.indexOf("--os-compute-api-version");
  const requested = at >= 0 ? argv[at + 1] : argv.find((w) => w.startsWith("--os-compute-api-version="))?.split("=")[1];
  const text = requested ?? String(globals["os-compute-api-version"]!.default ?? "");
  try {
    const version = parseRequestedVersion(text);
    return variants.find((v) => inRange(version, v.min, v.max)) ?? newest;
  } catch {
    return newest;
  }
}

/**
 * Where the command word is: the first word that is not an option or the value of a global
 * option that takes one. -1 when there is none, or it names no command.
 */
function commandIndex(argv: readonly string[], globals: Record<string, Options>): number {
  const at = wordIndex(argv, globals);
  return at >= 0 && commands.some((c) => c.name === argv[at]) ? at : -1;
}

/** The first word that is not an option or a global option's value; -1 when there is none. */
function wordIndex(argv: readonly string[], globals: Record<string, Options>): number {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(globals)) {
    if (o.type === "boolean") continue;
    for (const n of [name, ...[o.alias ?? []].flat()]) takesValue.add(`--${n}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") return -1;
    if (word.startsWith("-")) {
      if (!word.includes("=") && takesValue.has(word)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** help, bash-completion and completion: answered without yargs or a cloud; undefined for others. */
async function builtin(argv: readonly string[], globals: Record<string, Options>, io: Io): Promise<number | string[] | undefined> {
  const at = wordIndex(argv, globals);
  const word = argv[at];
  if (word !== "help" && word !== "bash-completion" && word !== "completion") return undefined;
  const next = argv[at + 1];
  if (word === "help") {
    // python-novaclient's `nova help [<command>]` is yargs' `nova [<command>] --help`.
    if (next === undefined) return [...argv.slice(0, at), "--help"];
    if (commands.some((c) => c.name === next)) return [...argv.slice(0, at), next, "--help"];
    io.err(`ERROR (CommandError): '${next}' is not a valid subcommand`);
    return 1;
  }
  if (word === "bash-completion") {
    io.out(completionWords());
    return 0;
  }
  const words = Object.entries(globals).flatMap(([name, o]) => [name, ...[o.alias ?? []].flat()].map((n) => `--${n}`));
  const script = next === undefined ? undefined : completionScript(next, words);
  if (script === undefined) {
    io.err(`usage: nova completion <bash|zsh>\nerror: argument <shell>: invalid choice: '${next ?? ""}' (choose from 'bash', 'zsh')`);
    return 2;
  }
  io.out(script);
  return 0;
}

/** --os-cache: the token cache, loaded only when asked for. */
async function tokenCache(credentials: Credentials, env: Io["env"]) {
  const { FileTokenCache, cacheDir } = await import("../client/token-cache.js");
  return new FileTokenCache(credentials, cacheDir(env));
}

/** `ERROR (<kind>): <message>` as python-novaclient prints any failure. */
function describeError(err: unknown): string {
  if (err instanceof NovaApiError) return `ERROR (${err.kind}): ${err.toString()}`;
  if (err instanceof NovaClientError) return `ERROR (${err.kind}): ${err.message}`;
  const e = err instanceof Error ? err : new Error(String(err));
  return `ERROR (${e.name}): ${e.message}`;
}

/** The `nova` command line: global options, then one command from the generated table. */
export async function run(given: readonly string[], io: Io): Promise<number> {
  const globals = globalOptions(io.env);
  const answered = await builtin(given, globals, io);
  if (typeof answered === "number") return answered;
  const argv = answered ?? given;
  let status = 0;
  let pending: Promise<void> | undefined;
  const debug = argv.includes("--debug");
  // Running one command: declare just that one, as yargs' default command on the words without
  // it (cheapest start-up: a named command would also build the whole help text first).
  // Help, or no known command: declare them all, for the listing or the error.
  const help = argv.includes("--help") || argv.includes("-h");
  const at = help ? -1 : commandIndex(argv, globals);
  const variants = at >= 0 ? commands.filter((c) => c.name === argv[at]) : [];
  const early = variants.length ? startEarlyToken(argv, globals, io) : undefined;
  // yargs 17's CommonJS build loads in a quarter of the time of the ESM one (measured: 14 ms vs 58 ms).
  const yargs = createRequire(import.meta.url)("yargs/yargs") as typeof import("yargs/yargs");
  let connected: NovaClient | undefined;
  let refit: CommandSpec | undefined;
  const parse = (only: CommandSpec | undefined) => {
    const y = yargs(only ? [...argv.slice(0, at), ...argv.slice(at + 1)] : [...argv])
      .scriptName(only ? `nova ${only.name}` : "nova")
      .usage(only ? "$0" : "$0 [global options] <command> [options]")
      // A command's help shows its own arguments, as python-novaclient's does; `nova --help` the globals.
      .options(help && commandIndex(argv, globals) >= 0 ? Object.fromEntries(Object.entries(globals).map(([k, o]) => [k, { ...o, hidden: true }])) : globals)
      .version(USER_AGENT.split("/")[1]!)
      .help()
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw new UsageError(msg ?? err?.message ?? "invalid arguments");
      });
    const runCommand = (spec: CommandSpec) => (args: Record<string, unknown>) => {
      pending = (async () => {
        const [{ createNovaClient }, { execute }] = await Promise.all([import("../resources/nova-client.js"), import("./execute.js")]);
        const started = performance.now();
        const options = clientOptions(args as GlobalArgs, io.env);
        const authSetup = options.authUrl ? { url: options.authUrl, seconds: (performance.now() - started) / 1000 } : undefined;
        if (!connected) {
          const log = args.debug ? (line: string) => io.err(line) : undefined;
          const tokenStore = args["os-cache"] && options.authUrl ? await tokenCache(options as Credentials, io.env) : undefined;
          const pendingToken = early && !tokenStore && early.key === credentialsKey(options) ? early.token : undefined;
          connected = await createNovaClient({ ...options, debug: log, tokenStore, pendingToken, timings: Boolean(args.timings) });
        }
        // The words were read for the variant the requested version suggested; the session's
        // version may pick another one (python-novaclient builds its parser after negotiating).
        const version = parseVersion(connected.microversion);
        const fitting = variants.find((v) => inRange(version, v.min, v.max));
        if (fitting && fitting !== spec) {
          refit = fitting;
          return;
        }
        await execute(spec, args, connected, io);
        if (args.timings) io.out((await import("./timings.js")).formatTimings(connected, authSetup));
      })();
    };
    if (only) {
      y.command(commandLine(only).replace(only.name, "$0"), only.help, (b) => declare(b, only, io.env), runCommand(only));
    } else {
      y.demandCommand(1, "A command is required.");
      for (const spec of commands.filter((c, i) => commands.findIndex((d) => d.name === c.name) === i)) {
        y.command(commandLine(spec), spec.help, (b) => declare(b, spec, io.env), runCommand(spec));
      }
      for (const [line, help] of Object.entries(BUILTINS)) y.command(line, help);
    }
    return y;
  };
  let only = variants.length ? provisionalVariant(variants, argv, globals) : undefined;
  try {
    await parse(only).parseAsync();
    await pending;
    if (refit) {
      only = refit;
      await parse(only).parseAsync();
      await pending;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      const { terminalColumns, usageError } = await import("./usage.js");
      io.err(usageError(err.message, only, argv, terminalColumns(io.env, process.stdout)));
      return 2;
    }
    if (debug && err instanceof Error && err.stack) io.err(err.stack);
    io.err(describeError(err));
    status = 1;
  }
  return status;
}
