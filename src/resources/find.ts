import { NovaClientError, isNotFound } from "../core/errors.js";

/** What the lookup needs from a resource: fetch by id, and list candidates for a name. */
export interface Lookup<T> {
  /** Lower-case singular used in messages: "server", "flavor". */
  readonly kind: string;
  /** Ids are not only UUIDs (flavors): try the text as an id first. */
  readonly alphanumIds: boolean;
  get(id: string): Promise<T>;
  /** Summaries ({id, name}) that may match the name; filtered exactly here. */
  listByName(name: string): Promise<readonly { id: string; name?: string }[]>;
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
  for (const matches of [(n?: string) => n === nameOrId, (n?: string) => n !== undefined && toSlug(n) === nameOrId]) {
    const hits = (await lookup.listByName(nameOrId)).filter((r) => matches(r.name));
    if (hits.length > 1) {
      throw new NovaClientError("CommandError", `Multiple ${lookup.kind} matches found for '${nameOrId}', use an ID to be more specific.`);
    }
    if (hits[0]) return lookup.get(hits[0].id);
  }
  const integer = asInteger(nameOrId);
  const found = integer === undefined ? undefined : await orNotFound(lookup.get(integer));
  if (found) return found;
  throw new NovaClientError("CommandError", `No ${lookup.kind} with a name or ID of '${nameOrId}' exists.`);
}
