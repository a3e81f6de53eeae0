import type { CliArg, CommandSpec } from "../../generated/commands.js";
import { NovaClientError } from "../core/errors.js";
import { type ApiVersion, formatVersion, inRange } from "../core/version.js";
import type { Found } from "../resources/find.js";
import type { NovaClient } from "../resources/nova-client.js";

const flag = (arg: CliArg) => (arg.name.length === 1 ? `-${arg.name}` : `--${arg.name}`);

/** The arguments of a command that exist at this microversion; refuses ones given outside it. */
export function argsAt(spec: CommandSpec, argv: Record<string, unknown>, version: ApiVersion): CliArg[] {
  const out: CliArg[] = [];
  for (const arg of [...spec.args, ...spec.options]) {
    if (inRange(version, arg["min-version"] ?? "2.1", arg["max-version"])) out.push(arg);
    else if (argv[arg.name] !== undefined && argv[arg.name] !== arg.default) {
      const range = arg["max-version"] ? `${arg["min-version"] ?? "2.1"} to ${arg["max-version"]}` : `${arg["min-version"]} or later`;
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
  if (keys.length === 0) {
    input.body = value;
    return;
  }
  let node = (input.body ??= {}) as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

/** key=value words as python-novaclient's _key_value_pairing reads them (no '=': the key alone, null). */
function keyValues(words: unknown[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const word of words.map(String)) {
    const at = word.indexOf("=");
    if (at < 0) out[word] = null;
    else out[word.slice(0, at)] = word.slice(at + 1);
  }
  return out;
}

/** An argument's value as the command line gave it, in the form its declaration asks for. */
export function valueOf(arg: CliArg, raw: unknown): unknown {
  if (raw === undefined) return arg.default;
  if (arg.const !== undefined) return raw === true ? arg.const : arg.default;
  // A variadic positional is a list already; run-on-many hands one of its values at a time.
  const many = arg.repeat || arg.type === "key-value";
  let value: unknown = many && !Array.isArray(raw) ? [raw] : raw;
  if (arg.split) value = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(arg.split!));
  if (arg.type === "key-value") value = keyValues(value as unknown[]);
  return value;
}

/** What building an input found by name: records, keyed by their GET, for the call to reuse. */
export type FoundRecords = Map<string, Found>;

/** The key under which a GET's reply is remembered. */
export const callKey = (operation: string, input: object) => `${operation} ${JSON.stringify(input)}`;

/**
 * The operation input from the command line: values placed, names resolved to ids. `found`
 * collects the records the lookups fetched, so a command that shows what it found does not
 * fetch it twice (python-novaclient's find_resource result is the object it prints).
 */
export async function buildInput(spec: CommandSpec, argv: Record<string, unknown>, nova: NovaClient, version: ApiVersion, found?: FoundRecords): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  const args = argsAt(spec, argv, version);
  const filters: Record<string, unknown> = {};
  for (const arg of args) {
    const value = valueOf(arg, argv[arg.name]);
    if (arg.to?.startsWith("find.") && value !== undefined && value !== null && value !== false) filters[arg.to.slice(5)] = value === true ? 1 : value;
  }
  for (const arg of args) {
    if (!arg.to || arg.to.startsWith("find.")) continue;
    let value = valueOf(arg, argv[arg.name]);
    if (value === undefined) continue;
    if (arg.find && value !== null) {
      const find = async (name: unknown) => {
        if (arg.find === "images") return (await nova.images.find(String(name))) as unknown as Record<string, unknown>;
        const hit = await nova.find(arg.find!, String(name), filters);
        found?.set(callKey(hit.operation, hit.input), hit);
        return hit.record;
      };
      const field = arg["find-field"] ?? "id";
      if (!Array.isArray(value)) value = (await find(value))[field];
      else {
        const ids: unknown[] = [];
        for (const v of value) ids.push((await find(v))[field]);
        value = ids;
      }
    }
    place(input, arg.to, value);
  }
  return input;
}
