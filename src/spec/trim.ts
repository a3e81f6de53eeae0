import type { ApiVersion } from "../core/version.js";
import { presentAt } from "./at-version.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Drops from `value` the fields its schema does not have at `version` (where the schema is
 * closed), so a server can keep one full record and answer each microversion with its shape.
 */
export function trimToSchema(value: unknown, schema: unknown, version: ApiVersion, schemas: Record<string, unknown>): unknown {
  return trim(value, schema, version, schemas);
}

/** Per schema object and version: which of its properties exist then (computed once). */
const presence = new WeakMap<object, Map<ApiVersion, Set<string>>>();

function presentProperties(props: Node, version: ApiVersion): Set<string> {
  let byVersion = presence.get(props);
  if (!byVersion) presence.set(props, (byVersion = new Map()));
  let names = byVersion.get(version);
  if (!names) byVersion.set(version, (names = new Set(Object.keys(props).filter((k) => presentAt(props[k], version)))));
  return names;
}

/** Whether anything in a schema (itself or below, through $refs) comes or goes with versions. */
const versioned = new WeakMap<object, boolean>();

function hasVersions(schema: unknown, schemas: Record<string, unknown>, seen = new Set<object>()): boolean {
  if (!isNode(schema) && !Array.isArray(schema)) return false;
  const known = versioned.get(schema);
  if (known !== undefined) return known;
  if (seen.has(schema)) return false;
  seen.add(schema);
  let found = isNode(schema) && ("x-min-version" in schema || "x-max-version" in schema);
  if (!found && isNode(schema) && typeof schema.$ref === "string") found = hasVersions(schemas[schema.$ref.split("/").pop()!], schemas, seen);
  if (!found) found = Object.values(schema).some((child) => typeof child === "object" && child !== null && hasVersions(child, schemas, seen));
  versioned.set(schema, found);
  return found;
}

function trim(value: unknown, schema: unknown, version: ApiVersion, schemas: Record<string, unknown>): unknown {
  // Nothing below changes with versions (links, addresses, metadata...): nothing to trim.
  if (!isNode(schema) || !hasVersions(schema, schemas)) return value;
  const ref = schema.$ref;
  if (typeof ref === "string") return trim(value, schemas[ref.split("/").pop()!], version, schemas);
  if (Array.isArray(value)) return schema.items ? value.map((v) => trim(v, schema.items, version, schemas)) : value;
  const branches = [...((schema.oneOf ?? []) as unknown[]), ...((schema.anyOf ?? []) as unknown[])];
  if (isNode(value) && branches.length > 0) {
    // The branch this object is: present at this version, sharing the most property names.
    const resolve = (b: unknown): Node => (isNode(b) && typeof b.$ref === "string" ? (schemas[b.$ref.split("/").pop()!] as Node) : (b as Node));
    const candidates = branches.filter((b) => presentAt(b, version) && presentAt(resolve(b), version) && isNode(resolve(b)?.properties));
    const overlap = (b: unknown) => Object.keys(value).filter((k) => k in (resolve(b).properties as Node)).length;
    const best = candidates.sort((a, b) => overlap(b) - overlap(a))[0];
    return best ? trim(value, best, version, schemas) : value;
  }
  if (!isNode(value) || !isNode(schema.properties)) return value;
  const props = schema.properties;
  const present = presentProperties(props, version);
  const out: Node = {};
  for (const key in value) {
    if (key in props) {
      if (present.has(key)) out[key] = trim(value[key], props[key], version, schemas);
    } else if (schema.additionalProperties !== false) {
      out[key] = value[key];
    }
  }
  return out;
}
