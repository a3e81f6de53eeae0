import type { CliArg, CommandSpec } from "../../generated/commands.js";
import { NovaClientError } from "../core/errors.js";
import { type ApiVersion, formatVersion, inRange } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";

const flag = (arg: CliArg) => (arg.name.length === 1 ? `-${arg.name}` : `--${arg.name}`);

/** The arguments of a command that exist at this microversion; refuses ones given outside it. */
export function argsAt(spec: CommandSpec, argv: Record<string, unknown>, version: ApiVersion): CliArg[] {
  const out: CliArg[] = [];
  for (const arg of [...spec.args, ...spec.options]) {
    if (inRange(version, arg.min ?? "2.1", arg.max)) out.push(arg);
    else if (argv[arg.name] !== undefined && argv[arg.name] !== arg.default) {
      const range = arg.max ? `${arg.min ?? "2.1"} to ${arg.max}` : `${arg.min} or later`;
      throw new NovaClientError("CommandError", `${flag(arg)} needs microversion ${range}; this session uses ${formatVersion(version)}.`);
    }
  }
  return out;
}

/** Puts a value where `to` says: path.x / query.x (flat input) or body.a.b (nested). */
export function place(input: Record<string, unknown>, to: string, value: unknown): void {
  const [where, ...keys] = to.split(".");
  if (where !== "body") {
    input[keys[0]!] = value;
    return;
  }
  let node = (input.body ??= {}) as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  if (keys.length === 0) input.body = value;
  else node[keys[keys.length - 1]!] = value;
}

type Finder = { find(nameOrId: string): Promise<{ id: string }> };

/** The operation input from the command line: values placed, names resolved to ids. */
export async function buildInput(spec: CommandSpec, argv: Record<string, unknown>, nova: NovaClient, version: ApiVersion): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const arg of argsAt(spec, argv, version)) {
    if (!arg.to) continue;
    let value = argv[arg.name];
    if (value === undefined) {
      if (!("default" in arg)) continue;
      value = arg.default;
    }
    if (arg.find && typeof value === "string") {
      const finder = (nova as unknown as Record<string, Finder | undefined>)[arg.find];
      if (!finder?.find) throw new Error(`x-cli of ${spec.name}: resource ${arg.find} has no find()`);
      value = (await finder.find(value)).id;
    }
    place(input, arg.to, value);
  }
  return input;
}
