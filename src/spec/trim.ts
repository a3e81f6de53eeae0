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
