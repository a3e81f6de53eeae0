import { type ApiVersion, inRange } from "../core/version.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a schema (or operation, parameter, column) exists at this microversion. */
export function presentAt(node: unknown, version: ApiVersion): boolean {
  if (!isNode(node)) return true;
  const min = node["x-min-version"];
  const max = node["x-max-version"];
  return inRange(version, typeof min === "string" ? min : "2.1", typeof max === "string" ? max : undefined);
}

/**
 * A copy of a JSON schema as it is at one microversion: properties and oneOf/anyOf branches
 * outside their x-min-version..x-max-version are removed (and dropped from `required`), and
 * `#/components/schemas/X` references are pointed at `<refBase>#/$defs/X`.
 */
export function schemaAtVersion(schema: unknown, version: ApiVersion, refBase: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => schemaAtVersion(s, version, refBase));
  if (!isNode(schema)) return schema;
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.replace(/^#\/components\/schemas\//, `${refBase}#/$defs/`);
    } else if (key === "properties" && isNode(value)) {
      const kept = Object.entries(value).filter(([, s]) => presentAt(s, version));
      out.properties = Object.fromEntries(kept.map(([k, s]) => [k, schemaAtVersion(s, version, refBase)]));
    } else if ((key === "oneOf" || key === "anyOf") && Array.isArray(value)) {
      out[key] = value.filter((s) => presentAt(s, version)).map((s) => schemaAtVersion(s, version, refBase));
    } else if (key === "required" && Array.isArray(value) && isNode(schema.properties)) {
      const props = schema.properties;
      out.required = value.filter((name: string) => !(name in props) || presentAt(props[name], version));
    } else {
      out[key] = schemaAtVersion(value, version, refBase);
    }
  }
  return out;
}
