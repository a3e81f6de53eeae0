import { lookups } from "../../generated/commands.js";
import { type OperationId, operations } from "../../generated/operations.js";
import { AmbiguousMatchError, NoMatchError, NovaClientError, isNotFound } from "../core/errors.js";

/** What the lookup needs from a resource: fetch by id, and list candidates for a name. */
export interface Lookup<T> {
  /** Lower-case singular used in messages: "server", "flavor". */
  readonly kind: string;
  /** Ids are not only UUIDs (flavors): try the text as an id first. */
  readonly alphanumIds: boolean;
  get(id: string): Promise<T>;
  /** Summaries ({id, name}) that may match the name; filtered exactly here. */
  listByName(name: string): Promise<readonly Candidate<T>[]>;
  /** The listing of the human-id pass, when it is not the name listing's; with `slugs: false` it never matches. */
  listBySlug?(name: string): Promise<readonly Candidate<T>[]>;
  slugs?: boolean;
}

/** A listed record that may match: its id and name, and the whole record when the listing gives it. */
export interface Candidate<T> {
  id: string;
  name?: string;
  record?: T;
}

/** oslo's is_uuid_like: 32 hex digits, with or without hyphens, braces or a urn: prefix. */
export function isUuidLike(text: string): boolean {
  const hex = text.toLowerCase().replace(/^urn:/, "").replace(/^uuid:/, "").replace(/[{}-]/g, "");
  return /^[0-9a-f]{32}$/.test(hex);
}

/** oslo's to_slug, which python-novaclient calls a resource's human_id. */
export function toSlug(name: string): string {
  const ascii = name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii.replace(/[^\w\s-]/g, "").trim().toLowerCase().replace(/[-\s]+/g, "-");
}

async function orNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** python's int(): optional sign, digits, surrounding spaces, single underscores between digits. */
const asInteger = (text: string) => (/^\s*[+-]?\d+(_\d+)*\s*$/.test(text) ? String(Number.parseInt(text.replace(/_/g, ""), 10)) : undefined);

/**
 * Resolves a name or id the way python-novaclient's find_resource does, with the same requests
 * in the same order: id (for alphanumeric ids), UUID, exact name, human id (slug), integer id.
 */
export async function findResource<T>(lookup: Lookup<T>, nameOrId: string): Promise<T> {
  if (lookup.alphanumIds) {
    const found = await orNotFound(lookup.get(nameOrId));
    if (found) return found;
  }
  if (isUuidLike(nameOrId)) {
    const found = await orNotFound(lookup.get(nameOrId));
    if (found) return found;
  }
  const passes = [
    { list: lookup.listByName, matches: (n?: string) => n === nameOrId },
    { list: lookup.listBySlug ?? lookup.listByName, matches: (n?: string) => lookup.slugs !== false && n !== undefined && toSlug(n) === nameOrId },
  ];
  for (const { list, matches } of passes) {
    const hits = (await list(nameOrId)).filter((r) => matches(r.name));
    if (hits.length > 1) throw new AmbiguousMatchError(lookup.kind, nameOrId);
    if (hits[0]) return hits[0].record ?? lookup.get(hits[0].id);
  }
  const integer = asInteger(nameOrId);
  const found = integer === undefined ? undefined : await orNotFound(lookup.get(integer));
  if (found) return found;
  // find_resource found nothing by any means ("No server with a name or ID of 'x' exists.").
  throw new NoMatchError(lookup.kind, nameOrId);
}

/** A found record, with the reply of the GET that fetched it (the CLI reuses it). */
export interface Found {
  record: { id: string } & Record<string, unknown>;
  reply: unknown;
  operation: OperationId;
  input: Record<string, string>;
}

export type Call = (id: OperationId, input?: object) => Promise<unknown>;

/** The one record inside a reply such as {"keypair": {...}}. */
const unwrap = (reply: unknown) => {
  const values = reply && typeof reply === "object" ? Object.values(reply) : [];
  return (values.length === 1 ? values[0] : reply) as Found["record"];
};

/**
 * A name or id resolved by the resource's x-lookup (the spec says which GET and which listing),
 * with find_resource's requests; `filters` narrow the listing (e.g. all_tenants).
 */
export function findWith(call: Call, resource: string, nameOrId: string, filters: Record<string, unknown> = {}): Promise<Found> {
  const spec = lookups[resource];
  if (!spec) throw new NovaClientError("CommandError", `No lookup is declared for ${resource}.`);
  const param = /\{([^}]+)\}/.exec(operations[spec.get].path)![1]!;
  const idField = spec["id-field"] ?? "id";
  const nameField = spec["name-field"] ?? "name";
  const found = (record: Record<string, unknown>, reply: unknown, input: Record<string, string>): Found => ({ record: { ...record, id: String(record[idField]) }, reply, operation: spec.get, input });
  const listing = (operation: OperationId) => async (name: string) => {
    const query = Object.fromEntries(Object.entries(spec.query ?? {}).map(([k, v]) => [k, v.replaceAll("{name}", name)]));
    const reply = (await call(operation, { ...query, ...filters })) as Record<string, unknown[]>;
    return (reply[spec.items] ?? []).map((item) => {
      const r = (spec.item ? (item as Record<string, unknown>)[spec.item] : item) as Record<string, unknown>;
      const id = String(r[idField]);
      // A whole record stands for the GET of it, so a command printing it asks no more.
      const record = spec.records ? found(r, { [spec.records]: r }, { [param]: id }) : undefined;
      return { id, name: r[nameField] as string | undefined, record };
    });
  };
  return findResource<Found>(
    {
      kind: spec.kind,
      alphanumIds: Boolean(spec["alphanum-ids"]),
      get: async (id) => {
        const input = { [param]: id };
        const reply = await call(spec.get, input);
        return found(unwrap(reply), reply, input);
      },
      listByName: listing(spec.list),
      listBySlug: spec["slug-list"] ? listing(spec["slug-list"] as OperationId) : undefined,
      slugs: spec.slugs,
    },
    nameOrId,
  );
}
