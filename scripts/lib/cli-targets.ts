import type { OpenAPI3 } from "openapi-typescript";
import { type CommandEntry, type Extended, type Tables, deref } from "./tables.js";

/** Lookups written by hand because their resource is another service's (Glance, Neutron); image-set finds several images at once. */
export const SERVICE_LOOKUPS = ["images", "image-set", "networks"];

type Schema = Extended | undefined;

/** The schemas a value may take at this node: through $ref, allOf, oneOf and anyOf. */
export function branches(doc: OpenAPI3, node: Schema | boolean): Extended[] {
  // `true` (any value) is how an anyOf branch requires a property its parent describes.
  if (typeof node === "boolean") return node ? [{}] : [];
  if (!node) return [];
  const schema = deref(doc, node as Extended);
  const out = [schema];
  for (const key of ["allOf", "oneOf", "anyOf"]) for (const b of (schema[key] as Extended[] | undefined) ?? []) out.push(...branches(doc, b));
  return out;
}

/** The schema(s) of `path` (keys) inside `node`; an array is stepped through to its items. */
function reach(doc: OpenAPI3, node: Schema, path: readonly string[]): Extended[] {
  let current = branches(doc, node);
  for (const key of path) {
    const next: Extended[] = [];
    for (const s of current) {
      if (key === "*") {
        if (s.items) next.push(...branches(doc, s.items as Extended));
        continue;
      }
      const props = s.properties as Record<string, Extended> | undefined;
      // A numeric step (fixed_ips.0.ip_address) is one item of a list.
      if (/^\d+$/.test(key) && s.items) next.push(...branches(doc, s.items as Extended));
      else if (props?.[key]) next.push(...branches(doc, props[key]));
      else if (s.additionalProperties && typeof s.additionalProperties === "object") next.push(...branches(doc, s.additionalProperties as Extended));
      else if (s.additionalProperties === true || (s.type === "object" && !props && !s.additionalProperties)) next.push({});
      if (s.items) next.push(...reach(doc, s.items as Extended, [key]));
    }
    current = next;
  }
  return current;
}

/** The schema of an array's items, or the node itself when it is no array. */
function records(doc: OpenAPI3, nodes: Extended[]): Extended[] {
  return nodes.flatMap((n) => (n.items ? branches(doc, n.items as Extended) : n.type === "array" ? [] : [n]));
}

function operationObject(doc: OpenAPI3, tables: Tables, id: string): { op: Extended; path: string } {
  const entry = tables.operations[id]!;
  const item = deref(doc, (doc.paths as Extended)[entry.path] as Extended);
  return { op: item[entry.method] as Extended, path: entry.path };
}

function bodySchema(doc: OpenAPI3, tables: Tables, id: string): Schema {
  const entry = tables.operations[id]!;
  if (entry.action) return entry.bodySchema ? ((doc.components?.schemas as Extended)[entry.bodySchema] as Extended) : undefined;
  const { op } = operationObject(doc, tables, id);
  const body = op.requestBody ? deref(doc, op.requestBody as Extended) : undefined;
  return ((body?.content as Extended | undefined)?.["application/json"] as Extended | undefined)?.schema as Schema;
}

export function replySchema(doc: OpenAPI3, tables: Tables, id: string): Schema {
  const entry = tables.operations[id]!;
  if (entry.replySchema) return (doc.components?.schemas as Extended)[entry.replySchema] as Extended;
  if (entry.replySchema === null) return undefined;
  const { op } = operationObject(doc, tables, id);
  for (const [status, reply] of Object.entries((op.responses ?? {}) as Extended)) {
    if (!/^2\d\d$/.test(status)) continue;
    const media = (deref(doc, reply as Extended).content as Extended | undefined)?.["application/json"] as Extended | undefined;
    if (media?.schema) return media.schema as Extended;
  }
  return undefined;
}

/**
 * Refuses a declaration that names what the operation does not have: an argument's `to:` that
 * is no parameter or body field, a `find:` with no lookup, a table column or `from:` that is not
 * in the reply. Each error names the command, the operation and the missing name.
 */
export function checkTargets(doc: OpenAPI3, tables: Tables, c: CommandEntry): void {
  const where = `x-cli ${c.name} (${c.operation})`;
  const entry = tables.operations[c.operation]!;
  const pathParams = [...entry.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const prompt = c.prompt as { to?: string } | undefined;
  for (const arg of [...c.args, ...c.options, ...(prompt ? [{ name: "prompt", to: prompt.to }] : [])] as Extended[]) {
    const to = arg.to as string | undefined;
    const find = arg.find as string | undefined;
    const switched = arg.operation as string | undefined;
    if (switched && !tables.operations[switched]) throw new Error(`${where}: argument ${String(arg.name)} switches to operation ${switched}, which the spec does not have`);
    if (find && !tables.lookups[find] && !SERVICE_LOOKUPS.includes(find)) throw new Error(`${where}: argument ${String(arg.name)} finds "${find}", which no x-lookup declares`);
    if (!to) continue;
    const [where_, ...keys] = to.split(".");
    const missing = (what: string) => new Error(`${where}: argument ${String(arg.name)} goes to ${to}, but ${c.operation} has no ${what}`);
    if (where_ === "path" && !pathParams.includes(keys[0]!)) throw missing(`path parameter ${keys[0]}`);
    if (where_ === "query" && !entry.query.includes(keys[0]!)) throw missing(`query parameter ${keys[0]}`);
    if (where_ === "find" && !c.args.concat(c.options).some((a) => a.find)) throw new Error(`${where}: argument ${String(arg.name)} goes to ${to}, but no argument is found by name`);
    // Nova answers 410 whatever is sent: there is no body schema to hold it to.
    if (where_ === "body" && !entry.removed) {
      const body = bodySchema(doc, tables, c.operation);
      if (!body) throw missing("request body");
      const inside = entry.action ? [entry.action, ...keys] : keys;
      if (reach(doc, body, inside).length === 0) throw missing(`body field ${keys.join(".")}`);
    }
  }
  for (const name of Object.keys((c.query as Extended | undefined) ?? {})) {
    if (!entry.query.includes(name)) throw new Error(`${where}: query sends ${name}, but ${c.operation} has no query parameter ${name}`);
  }
  const output = c.output;
  if (!output || (!output.columns && !output.from) || entry.removed) return;
  const reply = replySchema(doc, tables, c.operation);
  if (!reply) throw new Error(`${where}: the output names reply fields, but ${c.operation} answers no JSON body`);
  const from = output.from ? reach(doc, reply, String(output.from).split(".")) : branches(doc, reply);
  if (from.length === 0) throw new Error(`${where}: output.from ${String(output.from)} is not in the reply of ${c.operation}`);
  let rows = output.kind === "table" ? records(doc, from) : from;
  if (output.item) rows = reach(doc, { anyOf: rows }, [String(output.item)]);
  if (output.rows) {
    // Rows are the record's listed keys as {key, value}: the keys are what the reply must have.
    for (const key of output.rows as string[]) {
      if (reach(doc, { anyOf: from }, [key]).length === 0) throw new Error(`${where}: row ${key} is not a field of the reply of ${c.operation}`);
    }
    return;
  }
  for (const col of (output.columns ?? []) as Extended[]) {
    // A column that says what to print when the record lacks its field may name one this
    // reply never has (python-novaclient prints a blank for an attribute a resource lacks).
    if (col.missing !== undefined) continue;
    if (col.field === ".") continue;
    if (reach(doc, { anyOf: rows }, String(col.field).split(".")).length === 0) {
      throw new Error(`${where}: column ${String(col.header)} shows field ${String(col.field)}, which the reply of ${c.operation} does not have`);
    }
  }
}
