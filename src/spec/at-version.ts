import { type ApiVersion, inRange } from "../core/version.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** The component a `#/components/schemas/X` reference names, or undefined. */
export function refTarget(node: unknown, schemas: Record<string, unknown> | undefined): unknown {
  if (!schemas || !isNode(node) || typeof node.$ref !== "string" || !node.$ref.startsWith("#/components/schemas/")) return undefined;
  return schemas[node.$ref.slice("#/components/schemas/".length)];
}

/** Whether a node's own x-min-version..x-max-version holds `version`. */
function inOwnRange(node: Node, version: ApiVersion): boolean {
  const min = node["x-min-version"];
  const max = node["x-max-version"];
  return inRange(version, typeof min === "string" ? min : "2.1", typeof max === "string" ? max : undefined);
}

/**
 * Whether a schema (or operation, parameter, response, column) exists at this microversion.
 * Given `schemas`, a reference is present only where the component it names is too (a oneOf
 * branch `{$ref: ServerFlavorLink}` is gone from 2.47, where ServerFlavorLink ends).
 */
export function presentAt(node: unknown, version: ApiVersion, schemas?: Record<string, unknown>): boolean {
  if (!isNode(node)) return true;
  if (!inOwnRange(node, version)) return false;
  const target = refTarget(node, schemas);
  return target === undefined || presentAt(target, version, schemas);
}

/** Whether a body exists at a version: its schema does, and one of its oneOf/anyOf branches if it has any. */
export function bodyPresentAt(schema: unknown, version: ApiVersion, schemas?: Record<string, unknown>): boolean {
  if (schema === undefined || !presentAt(schema, version, schemas)) return false;
  const s = refTarget(schema, schemas) ?? schema;
  const branches = isNode(s) ? [s.oneOf, s.anyOf].flatMap((b) => (Array.isArray(b) ? (b as unknown[]) : [])) : [];
  return branches.length === 0 || branches.some((b) => presentAt(b, version, schemas));
}

/** The keys of a schema whose values are data (a reply, a value), not schemas: never rewritten. */
export const DATA_KEYS: ReadonlySet<string> = new Set(["examples", "example", "const", "enum", "default"]);

export interface AtVersionOptions {
  /** Where `#/components/schemas/X` references point instead: `<refBase>#/$defs/X`. Unset: unchanged. */
  refBase?: string;
  /** The components, to follow references when deciding what is present. */
  schemas?: Record<string, unknown>;
  /** How a data value (`examples`...) of a schema is copied; unset: as it is. */
  data?: (key: string, value: unknown, schema: Record<string, unknown>) => unknown;
}

/**
 * A copy of a JSON schema as it is at one microversion: properties and oneOf/anyOf branches
 * outside their x-min-version..x-max-version are removed (and dropped from `required`).
 */
export function schemaAtVersion(schema: unknown, version: ApiVersion, options: AtVersionOptions = {}): unknown {
  const { refBase, schemas, data } = options;
  const at = (s: unknown) => presentAt(s, version, schemas);
  const copy = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(copy);
    if (!isNode(s)) return s;
    const out: Node = {};
    for (const [key, value] of Object.entries(s)) {
      if (DATA_KEYS.has(key)) {
        out[key] = data ? data(key, value, s) : value;
      } else if (key === "$ref" && typeof value === "string" && refBase !== undefined) {
        out.$ref = value.replace(/^#\/components\/schemas\//, `${refBase}#/$defs/`);
      } else if (key === "properties" && isNode(value)) {
        out.properties = Object.fromEntries(Object.entries(value).filter(([, p]) => at(p)).map(([k, p]) => [k, copy(p)]));
      } else if ((key === "oneOf" || key === "anyOf") && Array.isArray(value)) {
        out[key] = value.filter(at).map(copy);
      } else if (key === "required" && Array.isArray(value) && isNode(s.properties)) {
        const props = s.properties;
        out.required = value.filter((name: string) => !(name in props) || at(props[name]));
      } else {
        out[key] = copy(value);
      }
    }
    return out;
  };
  return copy(schema);
}
