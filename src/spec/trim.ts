import type { ApiVersion } from "../client/version.js";
import { presentAt } from "./at-version.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Drops from `value` the fields its schema does not have at `version` (where the schema is
 * closed), so a server can keep one full record and answer each microversion with its shape.
 */
export function trimToSchema(value: unknown, schema: unknown, version: ApiVersion, schemas: Record<string, unknown>): unknown {
  if (!isNode(schema)) return value;
  const ref = schema.$ref;
  if (typeof ref === "string") return trimToSchema(value, schemas[ref.split("/").pop()!], version, schemas);
  if (Array.isArray(value)) return schema.items ? value.map((v) => trimToSchema(v, schema.items, version, schemas)) : value;
  const branches = [...((schema.oneOf ?? []) as unknown[]), ...((schema.anyOf ?? []) as unknown[])];
  if (isNode(value) && branches.length > 0) {
    // The branch this object is: present at this version, sharing the most property names.
    const resolve = (b: unknown): Node => (isNode(b) && typeof b.$ref === "string" ? (schemas[b.$ref.split("/").pop()!] as Node) : (b as Node));
    const candidates = branches.filter((b) => presentAt(b, version) && presentAt(resolve(b), version) && isNode(resolve(b)?.properties));
    const overlap = (b: unknown) => Object.keys(value).filter((k) => k in (resolve(b).properties as Node)).length;
    const best = candidates.sort((a, b) => overlap(b) - overlap(a))[0];
    return best ? trimToSchema(value, best, version, schemas) : value;
  }
  if (!isNode(value) || !isNode(schema.properties)) return value;
  const props = schema.properties;
  const out: Node = {};
  for (const [key, v] of Object.entries(value)) {
    if (key in props) {
      if (presentAt(props[key], version)) out[key] = trimToSchema(v, props[key], version, schemas);
    } else if (schema.additionalProperties !== false) {
      out[key] = v;
    }
  }
  return out;
}
