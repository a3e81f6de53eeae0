import type { ApiVersion } from "../core/version.js";
import { presentAt } from "./at-version.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Turns one value into its shape at one version. */
type Plan = (value: unknown) => unknown;
const KEEP: Plan = (value) => value;

/**
 * Drops from `value` the fields its schema does not have at `version` (where the schema is
 * closed), so a server can keep one full record and answer each microversion with its shape.
 */
export function trimToSchema(value: unknown, schema: unknown, version: ApiVersion, schemas: Record<string, unknown>): unknown {
  return planFor(schema, version, schemas)(value);
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

/**
 * Per schema and version, the work of trimming is decided once (which properties exist, which
 * branches may apply, which children need trimming), so a server answering pages of thousands
 * of records only walks the values.
 */
const plans = new WeakMap<object, Map<ApiVersion, Plan>>();

function planFor(schema: unknown, version: ApiVersion, schemas: Record<string, unknown>): Plan {
  // Nothing below changes with versions (links, addresses, metadata...): nothing to trim.
  if (!isNode(schema) || !hasVersions(schema, schemas)) return KEEP;
  let byVersion = plans.get(schema);
  if (!byVersion) plans.set(schema, (byVersion = new Map()));
  const known = byVersion.get(version);
  if (known) return known;
  // A schema may reach itself through $refs: its children see this forwarder while it is built.
  let built: Plan = KEEP;
  byVersion.set(version, (value) => built(value));
  built = buildPlan(schema, version, schemas);
  byVersion.set(version, built);
  return built;
}

const resolve = (schema: unknown, schemas: Record<string, unknown>): unknown =>
  isNode(schema) && typeof schema.$ref === "string" ? schemas[schema.$ref.split("/").pop()!] : schema;

function buildPlan(schema: Node, version: ApiVersion, schemas: Record<string, unknown>): Plan {
  if (typeof schema.$ref === "string") return planFor(resolve(schema, schemas), version, schemas);
  const items = schema.items ? planFor(schema.items, version, schemas) : KEEP;
  const objects = objectPlan(schema, version, schemas);
  return (value) => (Array.isArray(value) ? value.map(items) : isNode(value) ? objects(value) : value);
}

function objectPlan(schema: Node, version: ApiVersion, schemas: Record<string, unknown>): (value: Node) => unknown {
  const branches = [...((schema.oneOf ?? []) as unknown[]), ...((schema.anyOf ?? []) as unknown[])];
  if (branches.length > 0) {
    // The branch an object is: present at this version, sharing the most property names.
    const candidates = branches
      .filter((b) => presentAt(b, version, schemas) && isNode((resolve(b, schemas) as Node | undefined)?.properties))
      .map((b) => ({ props: (resolve(b, schemas) as Node).properties as Node, plan: planFor(b, version, schemas) }));
    if (candidates.length === 0) return KEEP;
    return (value) => {
      let best = candidates[0]!;
      let most = -1;
      for (const c of candidates) {
        let overlap = 0;
        for (const key in value) if (key in c.props) overlap++;
        if (overlap > most) [best, most] = [c, overlap];
      }
      return best.plan(value);
    };
  }
  const props = schema.properties;
  if (!isNode(props)) return KEEP;
  const children = new Map(Object.keys(props).map((key) => [key, presentAt(props[key], version, schemas) ? planFor(props[key], version, schemas) : undefined]));
  const open = schema.additionalProperties !== false;
  return (value) => {
    const out: Node = {};
    for (const key in value) {
      const child = children.get(key);
      if (child) out[key] = child === KEEP ? value[key] : child(value[key]);
      else if (open && !children.has(key)) out[key] = value[key];
    }
    return out;
  };
}
