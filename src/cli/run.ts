import { createRequire } from "node:module";
import type { Argv, Options, PositionalOptions } from "yargs";
import { type CliArg, type CommandSpec, commands } from "../../generated/commands.js";
import { AmbiguousMatchError, NovaApiError, NovaClientError } from "../core/errors.js";
import { USER_AGENT } from "../client/user-agent.js";
import { BUILTINS, completionScript, completionWords } from "./builtins.js";
import { YARGS_STRINGS } from "./yargs-strings.js";
import { inRange, parseRequestedVersion, parseVersion } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";
import type { Credentials } from "../client/keystone.js";
import type { Io } from "./context.js";
import { coercion } from "./coerce.js";
import { credentialsKey, startEarlyToken } from "./early-auth.js";
import { type GlobalArgs, OUTPUT_OPTIONS, clientOptions, globalOptions, optionWords, withCloud } from "./global-options.js";

/** A mistake on the command line: exit status 2, like argparse. */
class UsageError extends Error {}

/**
 * A command the session's microversion does not have: python-novaclient builds its parser for
 * that version, so the word is an unknown subcommand to the main parser.
 */
class AbsentCommand extends UsageError {}

function yargsType(arg: CliArg): "string" | "boolean" {
  return arg.type === "boolean" && !arg.metavar ? "boolean" : "string";
}

/** An argument for yargs; `label` names it in messages (--limit, or <ram> for a positional). */
function describeArg(arg: CliArg, label: string): Options & PositionalOptions {
  const described: Options & PositionalOptions = { type: yargsType(arg), describe: arg.help ?? "" };
  const coerce = coercion(arg, label);
  if (coerce) described.coerce = coerce;
  // With `invalid`, the command refuses other values itself (python-novaclient's CommandError).
  if (arg.choices && !arg.invalid) described.choices = [...arg.choices];
  if (arg.hidden) described.hidden = true;
  if (arg.deprecated) described.describe += " (Deprecated)";
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
    for (const word of optionWords(name, o)) takesValue.add(word);
  }
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") return i;
    if (word.startsWith("-")) {
      if (!word.includes("=") && takesValue.has(word)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * argparse takes every word after a command's "--" as a positional value, even "-name"; yargs
 * leaves such words out of a command's positionals, and reads a positional value that starts
 * with a dash as an option. So the "--" goes and each word after it reaches yargs as a stand-in
 * (a private-use character and its index), which `restore` turns back into the word.
 */
function endOfOptions(argv: readonly string[], globals: Record<string, Options>): { argv: readonly string[]; restore: <T>(value: T) => T } {
  const at = commandIndex(argv, globals);
  const end = at < 0 ? -1 : argv.indexOf("--", at + 1);
  if (end < 0) return { argv, restore: (value) => value };
  const words = argv.slice(end + 1);
  const back = (text: string) => text.replace(/\u{E000}(\d+)\u{E001}/gu, (_, i: string) => words[Number(i)]!);
  const restore = <T>(value: T): T => (typeof value === "string" ? back(value) : Array.isArray(value) ? value.map(restore) : value) as T;
  return { argv: [...argv.slice(0, end), ...words.map((_, i) => `\u{E000}${i}\u{E001}`)], restore };
}

/** help, bash-completion and completion: answered without yargs or a cloud; undefined for others. */
async function builtin(argv: readonly string[], globals: Record<string, Options>, io: Io): Promise<number | string[] | undefined> {
  const at = wordIndex(argv, globals);
  const word = argv[at];
  if (word === "--") {
    // argparse takes a "--" where the subcommand belongs as the subcommand's (invalid) name.
    const { terminalColumns, usageError } = await import("./usage.js");
    io.err(usageError("argument <subcommand>: invalid choice: '--'", undefined, argv, terminalColumns(io.env, process.stdout)));
    return 2;
  }
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
  const words = Object.entries(globals).flatMap(([name, o]) => optionWords(name, o));
  const script = next === undefined ? undefined : completionScript(next, words);
  if (script === undefined) {
    io.err(`usage: nova completion <bash|zsh>\nerror: argument <shell>: invalid choice: '${next ?? ""}' (choose from 'bash', 'zsh')`);
    return 2;
  }
  io.out(script);
  return 0;
}

/** --os-cache: the token cache, loaded only when asked for. */
async function tokenCache(credentials: Credentials, env: Io["env"], debug?: (line: string) => void) {
  const { FileTokenCache, cacheDir } = await import("../client/token-cache.js");
  return new FileTokenCache(credentials, cacheDir(env), debug);
}

/**
 * `ERROR (<kind>): <message>` as python-novaclient prints any failure; its find_resource turns
 * NoUniqueMatch into a CommandError.
 */
function describeError(err: NovaClientError): string {
  const kind = err instanceof AmbiguousMatchError ? "CommandError" : err.kind;
  return `ERROR (${kind}): ${err instanceof NovaApiError ? err.toString() : err.message}`;
}

/** The `nova` command line: global options, then one command from the generated table. */
export async function run(given: readonly string[], outer: Io): Promise<number> {
  const answered = await builtin(given, globalOptions(outer.env), outer);
  if (typeof answered === "number") return answered;
  let io = outer;
  try {
    io = { ...outer, env: await withCloud(given, outer.env) };
  } catch (err) {
    if (!(err instanceof NovaClientError)) throw err;
    outer.err(describeError(err));
    return 1;
  }
  const globals = globalOptions(io.env);
  const { argv, restore } = endOfOptions(answered ?? given, globals);
  let status = 0;
  let pending: Promise<void> | undefined;
  const debug = argv.includes("--debug");
  // Running one command: declare just that one, as yargs' default command on the words without
  // it (cheapest start-up: a named command would also build the whole help text first).
  // Help, or no known command: declare them all, for the listing or the error.
  const help = argv.includes("--help") || argv.includes("-h");
  const at = help ? -1 : commandIndex(argv, globals);
  // A command's help shows its own arguments, as python-novaclient's does, and the output
  // formats when it prints a table or properties; `nova --help` the globals.
  const helpOf = help ? commandIndex(argv, globals) : -1;
  const formats =
    helpOf >= 0 && (await Promise.all(commands.filter((c) => c.name === argv[helpOf]).map(async (c) => (await import("./execute.js")).printedKind(c)))).some(Boolean);
  const variants = at >= 0 ? commands.filter((c) => c.name === argv[at]) : [];
  // The variants without `when` read the command line; the others only replace them when run.
  const plain = variants.filter((c) => !c.when);
  const early = variants.length ? startEarlyToken(argv, globals, io) : undefined;
  // yargs 17's CommonJS build loads in a quarter of the time of the ESM one (measured: 14 ms vs 58 ms).
  const yargs = createRequire(import.meta.url)("yargs/yargs") as typeof import("yargs/yargs");
  let connected: NovaClient | undefined;
  let refit: CommandSpec | undefined;
  const parse = (only: CommandSpec | undefined) => {
    const y = yargs(only ? [...argv.slice(0, at), ...argv.slice(at + 1)] : [...argv])
      .scriptName(only ? `nova ${only.name}` : "nova")
      .usage(only ? "$0" : "$0 [global options] <command> [options]")
      .options(helpOf >= 0 ? Object.fromEntries(Object.entries(globals).map(([k, o]) => [k, { ...o, hidden: !(formats && k in OUTPUT_OPTIONS) }])) : globals)
      .version(USER_AGENT.split("/")[1]!)
      .help()
      .strict()
      .exitProcess(false)
      // Its failures in terms usage.ts reads (not its English, whatever $LANG says).
      .detectLocale(false)
      // y18n takes { one, other } for a message with a plural; yargs' types know only strings.
      .updateStrings(YARGS_STRINGS as unknown as Record<string, string>)
      .fail((msg, err) => {
        throw new UsageError(msg ?? err?.message ?? "invalid arguments");
      });
    const runCommand = (spec: CommandSpec) => (parsed: Record<string, unknown>) => {
      const args = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, restore(v)]));
      pending = (async () => {
        const [{ createNovaClient }, { execute }] = await Promise.all([import("../resources/node-client.js"), import("./execute.js")]);
        const started = performance.now();
        const options = clientOptions(args as GlobalArgs, io.env);
        const authSetup = options.authUrl ? { url: options.authUrl, seconds: (performance.now() - started) / 1000 } : undefined;
        if (!connected) {
          const first = options.authUrl ?? options.endpoint;
          // python-novaclient's urllib3 warns of every unverified request; once says the same.
          if (options.insecure && first?.startsWith("https:")) io.err(`InsecureRequestWarning: Unverified HTTPS request is being made to host '${new URL(first).hostname}'. Adding certificate verification is strongly advised. See: https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html#ssl-warnings`);
          const log = args.debug ? (line: string) => io.err(line) : undefined;
          const tokenStore = args["os-cache"] && options.authUrl ? await tokenCache(options as Credentials, io.env, log) : undefined;
          const pendingToken = early && !tokenStore && early.key === credentialsKey(options) ? early.token : undefined;
          connected = await createNovaClient({ ...options, debug: log, tokenStore, pendingToken, timings: Boolean(args.timings) });
        }
        // The words were read for the variant the requested version suggested; the session's
        // version may pick another one (python-novaclient builds its parser after negotiating).
        const version = parseVersion(connected.microversion);
        const fitting = plain.find((v) => inRange(version, v.min, v.max));
        if (!fitting) {
          const newest = plain[plain.length - 1]!;
          if (newest.unsupported && newest.max && inRange(version, newest.max)) throw new NovaClientError("CommandError", newest.unsupported);
          throw new AbsentCommand(`argument <subcommand>: invalid choice: '${spec.name}'`);
        }
        if (fitting !== spec) {
          refit = fitting;
          return;
        }
        // A variant declared for an argument given (`when`) runs instead of the plain one.
        const chosen = variants.find((v) => v.when && inRange(version, v.min, v.max) && args[v.when]) ?? spec;
        await execute(chosen, args, connected, io);
        if (args.timings) io.out((await import("./timings.js")).formatTimings(connected, authSetup));
      })();
    };
    if (only) {
      y.command(commandLine(only).replace(only.name, "$0"), only.help, (b) => declare(b, only, io.env), runCommand(only));
    } else {
      y.demandCommand(1, "A command is required.");
      for (const spec of commands.filter((c, i) => !c.when && commands.findIndex((d) => d.name === c.name && !d.when) === i)) {
        y.command(commandLine(spec), spec.help, (b) => declare(b, spec, io.env), runCommand(spec));
      }
      for (const [line, help] of Object.entries(BUILTINS)) y.command(line, help);
    }
    return y;
  };
  let only = plain.length ? provisionalVariant(plain, argv, globals) : undefined;
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
      io.err(restore(usageError(err.message, err instanceof AbsentCommand ? undefined : only, argv, terminalColumns(io.env, process.stdout))));
      return 2;
    }
    if (debug && err instanceof Error && err.stack) io.err(err.stack);
    io.err(describeError(err instanceof NovaClientError ? err : await (await import("./explain.js")).explainFailure(err, connected)));
    status = 1;
  }
  return status;
}
