import type { CliArg, CommandSpec } from "../../generated/commands.js";
import { readYargsFailure } from "./yargs-strings.js";

/**
 * Usage errors as python-novaclient's argparse prints them (Python 3.11):
 *
 *   usage: nova flavor-key <flavor> <action> <key=value> [<key=value> ...]
 *   error: the following arguments are required: <action>, <key=value>
 *   Try 'nova help flavor-key' for more information.
 *
 * yargs finds the mistake (and names it in YARGS_STRINGS' terms); this file words it and draws
 * the usage line the way argparse does.
 */

const label = (arg: CliArg, positional: boolean) => (positional ? (arg.metavar ?? `<${arg.name}>`) : `--${arg.name}`);

/** argparse's usage parts: options first (in brackets, unless required), then the positionals. */
function parts(spec: CommandSpec): { options: string[]; positionals: string[] } {
  const options: string[] = [];
  const positionals: string[] = [];
  const option = (arg: CliArg, text: string) => options.push(arg.required ? text : `[${text}]`);
  for (const arg of spec.args) {
    if (arg.option) option(arg, `--${arg.name} ${arg.metavar}`);
    else if (arg.variadic) positionals.push(arg.metavar!, `[${arg.metavar} ...]`);
    else positionals.push(arg.optional ? `[${arg.metavar}]` : arg.metavar!);
  }
  for (const arg of spec.options) {
    if (arg.hidden) continue;
    if (arg.negatable) option(arg, `--${arg.name} | --no-${arg.name}`);
    else option(arg, arg.metavar ? `--${arg.name} ${arg.metavar}` : `--${arg.name}`);
  }
  return { options, positionals };
}

/** HelpFormatter._format_usage's line filling: parts joined by spaces, wrapped at `width`. */
function lines(items: string[], indent: string, width: number, prefix?: string): string[] {
  const out: string[] = [];
  let line: string[] = [];
  let length = (prefix ?? indent).length - 1;
  for (const part of items) {
    if (length + 1 + part.length > width && line.length) {
      out.push(indent + line.join(" "));
      line = [];
      length = indent.length - 1;
    }
    line.push(part);
    length += part.length + 1;
  }
  if (line.length) out.push(indent + line.join(" "));
  if (prefix !== undefined && out.length) out[0] = out[0]!.slice(indent.length);
  return out;
}

/**
 * The usage text after "usage: " for `prog` and its parts, wrapped as argparse wraps it for a
 * terminal `columns` wide (argparse leaves 2 columns free).
 */
export function formatUsage(prog: string, options: string[], positionals: string[], columns: number): string {
  const prefix = "usage: ";
  const width = columns - 2;
  const all = [prog, ...options, ...positionals].join(" ");
  if (prefix.length + all.length <= width) return all;
  if (prefix.length + prog.length <= 0.75 * width) {
    const indent = " ".repeat(prefix.length + prog.length + 1);
    if (options.length) return [...lines([prog, ...options], indent, width, prefix), ...lines(positionals, indent, width)].join("\n");
    return lines([prog, ...positionals], indent, width, prefix).join("\n");
  }
  const indent = " ".repeat(prefix.length);
  let body = lines([...options, ...positionals], indent, width);
  if (body.length > 1) body = [...lines(options, indent, width), ...lines(positionals, indent, width)];
  return [prog, ...body].join("\n");
}

/** A failure yargs found (YARGS_STRINGS), or one of ours, in argparse's words for the command being run. */
function argparseMessage(message: string, spec: CommandSpec | undefined, argv: readonly string[]): string {
  const failure = readYargsFailure(message);
  if (!failure) return message === "A command is required." ? "the following arguments are required: <subcommand>" : message;
  const args = spec?.args ?? [];
  const options = [...args.filter((a) => a.option), ...(spec?.options ?? [])];
  const [first = "", second = ""] = failure.values;
  switch (failure.kind) {
    case "missing": {
      const required = args.filter((a) => !a.option && !a.optional).slice(Number(first));
      return `the following arguments are required: ${required.map((a) => label(a, true)).join(", ")}`;
    }
    case "required":
      return `the following arguments are required: ${first
        .split(", ")
        .map((name) => `--${name}`)
        .join(", ")}`;
    case "choice": {
      const positional = args.find((a) => a.name === first && !a.option);
      return `argument ${positional ? label(positional, true) : `--${first}`}: invalid choice: '${second.replace(/^"|"$/g, "")}'`;
    }
    case "value":
      return `argument --${options.find((a) => a.name === first)?.name ?? first}: expected one argument`;
    default: {
      // unknown: yargs names them without dashes (and adds camelCase twins): the words as typed read better.
      const known = new Set(first.split(", "));
      const words = argv.filter((w) => known.has(w.replace(/^--?/, "").split("=")[0]!));
      const command = spec ? undefined : words.find((w) => !w.startsWith("-"));
      if (command !== undefined) return `argument <subcommand>: invalid choice: '${command}'`;
      return `unrecognized arguments: ${words.join(" ")}`;
    }
  }
}

/** Terminal width as Python's shutil.get_terminal_size() finds it: $COLUMNS, the tty, else 80. */
export function terminalColumns(env: Record<string, string | undefined>, stdout: { isTTY?: boolean; columns?: number }): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdout.isTTY && stdout.columns ? stdout.columns : 80;
}

/**
 * The three lines python-novaclient prints for a usage error (exit status 2). A mistake in a
 * global option or an unknown word is the main parser's, so it gets the main usage and hint.
 */
export function usageError(message: string, spec: CommandSpec | undefined, argv: readonly string[], columns: number): string {
  const error = argparseMessage(message, spec, argv);
  const option = /^argument (--[\w-]+):/.exec(error)?.[1];
  const own = spec && !error.startsWith("unrecognized arguments") && (!option || [...spec.args, ...spec.options].some((a) => `--${a.name}` === option));
  const usage = own
    ? formatUsage(`nova ${spec.name}`, parts(spec).options, parts(spec).positionals, columns)
    : formatUsage("nova", ["[options]"], ["<subcommand> ..."], columns);
  return [`usage: ${usage}`, `error: ${error}`, `Try 'nova help ${own ? spec.name : ""}' for more information.`].join("\n");
}
