import type { CliArg, CommandSpec } from "../../generated/commands.js";
import { NoMatchError, NovaClientError } from "../core/errors.js";
import { isIsoTime, pyInt } from "./coerce.js";
import { type ApiVersion, formatVersion, inRange } from "../core/version.js";
import type { Found } from "../resources/find.js";
import type { NovaClient } from "../resources/nova-client.js";

const flag = (arg: CliArg) => (arg.name.length === 1 ? `-${arg.name}` : `--${arg.name}`);

/** The arguments of a command that exist at this microversion; refuses ones given outside it. */
export function argsAt(spec: CommandSpec, argv: Record<string, unknown>, version: ApiVersion): CliArg[] {
  const out: CliArg[] = [];
  const all = [...spec.args, ...spec.options];
  const present = (arg: CliArg) => inRange(version, arg["min-version"] ?? "2.1", arg["max-version"]);
  for (const arg of all) {
    if (present(arg)) out.push(arg);
    // An option may be declared once per range (--block-migrate: false before 2.25, "auto" after).
    else if (argv[arg.name] !== undefined && argv[arg.name] !== arg.default && !all.some((a) => a.name === arg.name && present(a))) {
      const range = arg["max-version"] ? `${arg["min-version"] ?? "2.1"} to ${arg["max-version"]}` : `${arg["min-version"]} or later`;
      throw new NovaClientError("CommandError", `${flag(arg)} needs microversion ${range}; this session uses ${formatVersion(version)}.`);
    }
  }
  return out;
}

/**
 * Puts a value where `to` says: path.x / query.x (flat input) or body.a.b (nested); a `*` step
 * makes one list element per value (body.cache.*.id: [{id: a}, {id: b}]), a numeric step is a
 * list index (body.x.fixed_ips.0.ip_address: {fixed_ips: [{ip_address}]}).
 */
export function place(input: Record<string, unknown>, to: string, value: unknown): void {
  const [where, ...keys] = to.split(".");
  if (where !== "body") {
    input[keys[0]!] = value;
    return;
  }
  input.body = keys.length === 0 ? value : within(input.body, keys, value);
}

function within(node: unknown, keys: readonly string[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [key, ...rest] = keys as [string, ...string[]];
  if (key === "*") return (Array.isArray(value) ? value : [value]).map((v) => within(undefined, rest, v));
  if (/^\d+$/.test(key)) {
    const list = Array.isArray(node) ? node : [];
    list[Number(key)] = within(list[Number(key)], rest, value);
    return list;
  }
  const record = (node && typeof node === "object" ? node : {}) as Record<string, unknown>;
  record[key] = within(record[key], rest, value);
  return record;
}

/** A value as the built input holds it: path.x / query.x, or body.a.b inside the body. */
export function placed(input: Record<string, unknown>, to: string): unknown {
  const [where, ...keys] = to.split(".");
  let node: unknown = where === "body" ? input.body : input[keys.shift()!];
  for (const key of keys) node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  return node;
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
export function valueOf(arg: CliArg, raw: unknown, session?: { projectId?: string }): unknown {
  if (raw === undefined || (arg["none-if"] !== undefined && raw === arg["none-if"])) {
    return arg["from-session"] === "project_id" && session ? session.projectId : arg.default;
  }
  if (raw === "" && arg.empty !== undefined) return arg.empty === "omit" ? undefined : arg.empty;
  if (arg.const !== undefined) return raw === true ? arg.const : arg.default;
  // A variadic positional is a list already; run-on-many hands one of its values at a time.
  const many = arg.repeat || arg.type === "key-value";
  let value: unknown = many && !Array.isArray(raw) ? [raw] : raw;
  if (arg.split) value = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(arg.split!));
  if (arg.type === "key-value") value = keyValues(value as unknown[]);
  for (const key of arg["int-keys"] ?? []) {
    const pairs = value as Record<string, unknown>;
    if (!(key in pairs)) continue;
    const n = pyInt(String(pairs[key]));
    if (n === undefined) throw new NovaClientError("CommandError", `Invalid '${key}' value: ${String(pairs[key])}`);
    pairs[key] = n;
  }
  return value;
}

/** Every declared argument's value, defaults filled in, by name (for outputs that read one). */
export function valuesOf(spec: CommandSpec, argv: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries([...spec.args, ...spec.options].map((arg) => [arg.name, valueOf(arg, argv[arg.name])]));
}

/**
 * What building an input found by name: records keyed by their GET, for the call to reuse, and
 * by the name looked up (`find <resource> <name> <filters>`), for the next value of a
 * run-on-many command (python-novaclient finds the server of server-tag-add once).
 */
export type FoundRecords = Map<string, Found>;

/** The key under which a GET's reply is remembered. */
export const callKey = (operation: string, input: object) => `${operation} ${JSON.stringify(input)}`;

/**
 * The operation input from the command line: values placed, names resolved to ids. `found`
 * collects the records the lookups fetched, so a command that shows what it found does not
 * fetch it twice (python-novaclient's find_resource result is the object it prints); `resolved`
 * gets the record each argument's lookup found, by argument name (for messages).
 */
export async function buildInput(
  spec: CommandSpec,
  argv: Record<string, unknown>,
  nova: NovaClient,
  version: ApiVersion,
  found?: FoundRecords,
  resolved: Record<string, Found["record"]> = {},
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = { ...spec.query, ...(spec.body ? { body: structuredClone(spec.body) } : {}) };
  const args = argsAt(spec, argv, version);
  const filters: Record<string, unknown> = {};
  for (const arg of args) {
    const value = valueOf(arg, argv[arg.name]);
    if (arg.invalid && arg.choices && value !== undefined && value !== null && !arg.choices.includes(String(value))) throw new NovaClientError("CommandError", arg.invalid);
    if (arg.to?.startsWith("find.") && value !== undefined && value !== null && value !== false) filters[arg.to.slice(5)] = value === true ? 1 : value;
  }
  /** An argument's value to send: a name resolved by its lookup; undefined sends nothing. */
  const resolve = async (arg: CliArg): Promise<unknown> => {
    const value = valueOf(arg, argv[arg.name], nova);
    if (value === undefined || !arg.find || value === null) return value;
    if (arg.find === "image-set") return (await nova.glance.findMany((Array.isArray(value) ? value : [value]).map(String))).map((i) => i.id);
    const lookupFilters = { ...filters, ...arg["find-filters"] };
    const find = async (name: unknown) => {
      if (arg.find === "images") return (await nova.glance.find(String(name))) as unknown as Record<string, unknown>;
      const key = `find ${arg.find} ${String(name)} ${JSON.stringify(lookupFilters)}`;
      const known = found?.get(key);
      if (known) return known.record;
      try {
        const hit = await nova.find(arg.find!, String(name), lookupFilters);
        if (!arg.refetch) {
          found?.set(callKey(hit.operation, hit.input), hit);
          found?.set(key, hit);
        }
        return hit.record;
      } catch (err) {
        if (arg["find-optional"] && err instanceof NoMatchError) return { [arg["find-field"] ?? "id"]: String(name) };
        throw err;
      }
    };
    const field = arg["find-field"] ?? "id";
    if (!Array.isArray(value)) {
      const record = await find(value);
      resolved[arg.name] = record as Found["record"];
      return record[field];
    }
    const ids: unknown[] = [];
    for (const v of value) ids.push((await find(v))[field]);
    return ids;
  };
  const sent = args.filter((arg) => arg.to && !arg.to.startsWith("find."));
  const values = new Map<CliArg, unknown>();
  // Lookups in python-novaclient's order (find-early first); values placed in declaration order.
  for (const arg of [...sent.filter((a) => a["find-early"]), ...sent.filter((a) => !a["find-early"])]) values.set(arg, await resolve(arg));
  for (const arg of sent) {
    const value = values.get(arg);
    if (value === undefined) continue;
    if (arg.type === "iso-time" && value !== null && !isIsoTime(String(value))) throw new NovaClientError("CommandError", `Invalid ${arg.name} value: ${String(value)}`);
    place(input, arg.to!, value);
  }
  return input;
}
