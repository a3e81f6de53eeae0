import { type ApiVersion, compareVersions, formatVersion } from "../core/version.js";
import { refTarget } from "./at-version.js";
import { METHODS, type OpenApiDocument, documentAt, versionsOf } from "./document.js";
import { SpecValidator } from "./validator.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the spec says changed at one microversion, from the one before it. */
export interface VersionChanges {
  version: string;
  /** One line per change, e.g. `GET /os-keypairs reply 200: + keypairs[].keypair.type`. */
  changes: string[];
}

/** A field of a body: its place (parent path and its own step), its types and whether it is required. */
interface Field {
  parent: string;
  step: string;
  types: Set<string>;
  required: boolean;
}

/** An operation (or one action of an action endpoint) as it is at one version. */
interface Unit {
  parameters: Map<string, { where: string; name: string; shape: string }>;
  request: Map<string, Field> | undefined;
  replies: Map<string, Map<string, Field> | undefined>;
}

const NOTHING = "nothing";

const join = (parent: string, step: string) => (parent === "" ? step : step === "[]" ? `${parent}[]` : `${parent}.${step}`);

/** Each field of a body schema, by path (`servers[].flavor.id`; "" is the body itself). */
function flatten(schema: unknown, schemas: Record<string, unknown>): Map<string, Field> {
  const fields = new Map<string, Field>();
  const add = (path: string, parent: string, step: string, node: unknown, required: boolean, through: ReadonlySet<unknown>): void => {
    if (!isNode(node)) return;
    let field = fields.get(path);
    if (!field) fields.set(path, (field = { parent, step, types: new Set(), required }));
    else field.required &&= required;
    const target = refTarget(node, schemas);
    // A schema that contains itself (through references) is described once.
    if (target !== undefined) {
      if (!through.has(target)) add(path, parent, step, target, required, new Set([...through, target]));
      return;
    }
    // `not: {}` accepts nothing: where it is all a field may be, the field is not there.
    if (isNode(node.not) && Object.keys(node.not).length === 0) {
      field.types.add(NOTHING);
      return;
    }
    if (node.const !== undefined) field.types.add(JSON.stringify(node.const));
    else if (Array.isArray(node.enum)) for (const value of node.enum) field.types.add(JSON.stringify(value));
    else if (node.type !== undefined) for (const type of [node.type].flat()) field.types.add(String(type));
    else if (isNode(node.properties)) field.types.add("object");
    for (const key of ["oneOf", "anyOf", "allOf"]) for (const branch of (node[key] as unknown[] | undefined) ?? []) add(path, parent, step, branch, required, through);
    const needed = new Set(Array.isArray(node.required) ? node.required : []);
    for (const [name, property] of Object.entries(isNode(node.properties) ? node.properties : {})) {
      add(join(path, name), path, name, property, needed.has(name), through);
    }
    if (isNode(node.items)) add(join(path, "[]"), path, "[]", node.items, true, through);
    if (isNode(node.additionalProperties)) add(join(path, "*"), path, "*", node.additionalProperties, false, through);
  };
  add("", "", "", schema, true, new Set());
  for (const [path, field] of fields) if (field.types.size === 1 && field.types.has(NOTHING)) fields.delete(path);
  return fields;
}

const shapeOf = (types: Set<string>) => [...types].sort().join(" | ") || "any";
const describe = (field: Field, path: string) => (path === "" ? shapeOf(field.types) : `${field.required ? "required" : "optional"} ${shapeOf(field.types)}`);

/** `a.{b, c}`: the names of one parent, in one place. */
function grouped(sign: "+" | "-", paths: string[], fields: Map<string, Field>): string[] {
  const byParent = new Map<string, string[]>();
  const all = new Set(paths);
  for (const path of paths) {
    const { parent, step } = fields.get(path)!;
    // Only the top of what came or went: its children came or went with it.
    if (all.has(parent)) continue;
    byParent.set(parent, [...(byParent.get(parent) ?? []), step]);
  }
  return [...byParent].map(([parent, steps]) => `${sign} ${join(parent, steps.length === 1 ? steps[0]! : `{${steps.join(", ")}}`)}`);
}

/** The lines for one body, `label` naming it (`GET /flavors reply 200`). */
function bodyChanges(label: string, before: Map<string, Field> | undefined, after: Map<string, Field> | undefined): string[] {
  if (!before && !after) return [];
  if (!before) return [`${label}: + body`];
  if (!after) return [`${label}: - body`];
  const lines: string[] = [];
  const removed = [...before.keys()].filter((p) => !after.has(p));
  const added = [...after.keys()].filter((p) => !before.has(p));
  for (const line of grouped("-", removed, before)) lines.push(`${label}: ${line}`);
  for (const line of grouped("+", added, after)) lines.push(`${label}: ${line}`);
  for (const [path, field] of after) {
    const old = before.get(path);
    if (old && describe(old, path) !== describe(field, path)) lines.push(`${label}: ~ ${path || "body"}: ${describe(old, path)} → ${describe(field, path)}`);
  }
  return lines;
}

/** Every operation and action of a document at one version, by `METHOD /path` (and `(action)`). */
function unitsOf(doc: OpenApiDocument, version: ApiVersion): Map<string, Unit> {
  const index = new SpecValidator(doc);
  const ids = index.operationIds();
  const schemas = doc.components.schemas;
  const units = new Map<string, Unit>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!isNode(operation) || typeof operation.operationId !== "string") continue;
      const parameters = new Map<string, { where: string; name: string; shape: string }>();
      for (const ref of [...((item.parameters as unknown[] | undefined) ?? []), ...((operation.parameters as unknown[] | undefined) ?? [])]) {
        const p = index.resolve(ref) as { name: string; in: string; required?: boolean; schema?: unknown };
        const types = flatten(p.schema, schemas).get("")?.types ?? new Set<string>();
        parameters.set(`${p.in} ${p.name}`, { where: p.in, name: p.name, shape: `${p.required ? "required" : "optional"} ${shapeOf(types)}` });
      }
      const actions = ids.filter((id) => id.startsWith(`${operation.operationId}.`));
      for (const id of actions.length > 0 ? actions : [operation.operationId]) {
        const request = index.schemaOf(id, "request");
        const replies = new Map<string, Map<string, Field> | undefined>();
        for (const { status } of index.successReplies(id, version)) {
          const reply = index.schemaOf(id, { status });
          replies.set(String(status), reply === undefined ? undefined : flatten(reply, schemas));
        }
        const name = `${method.toUpperCase()} ${path}${id === operation.operationId ? "" : ` (${id.slice(operation.operationId.length + 1)})`}`;
        units.set(name, { parameters, request: request === undefined ? undefined : flatten(request, schemas), replies });
      }
    }
  }
  return units;
}

function unitChanges(name: string, before: Unit, after: Unit): string[] {
  const lines: string[] = [];
  const places = new Set([...before.parameters.values(), ...after.parameters.values()].map((p) => p.where));
  for (const where of places) {
    const was = [...before.parameters].filter(([, p]) => p.where === where);
    const is = [...after.parameters].filter(([, p]) => p.where === where);
    const gone = was.filter(([key]) => !after.parameters.has(key)).map(([, p]) => p.name);
    const come = is.filter(([key]) => !before.parameters.has(key)).map(([, p]) => p.name);
    const list = (names: string[]) => (names.length === 1 ? names[0]! : `{${names.join(", ")}}`);
    if (gone.length) lines.push(`${name} ${where}: - ${list(gone)}`);
    if (come.length) lines.push(`${name} ${where}: + ${list(come)}`);
    for (const [key, p] of is) {
      const old = before.parameters.get(key);
      if (old && old.shape !== p.shape) lines.push(`${name} ${where}: ~ ${p.name}: ${old.shape} → ${p.shape}`);
    }
  }
  lines.push(...bodyChanges(`${name} request`, before.request, after.request));
  for (const status of before.replies.keys()) if (!after.replies.has(status)) lines.push(`${name}: - reply ${status}`);
  for (const status of after.replies.keys()) if (!before.replies.has(status)) lines.push(`${name}: + reply ${status}`);
  for (const [status, body] of after.replies) {
    if (before.replies.has(status)) lines.push(...bodyChanges(`${name} reply ${status}`, before.replies.get(status), body));
  }
  return lines;
}

function changes(before: Map<string, Unit>, after: Map<string, Unit>): string[] {
  const lines: string[] = [];
  for (const name of before.keys()) if (!after.has(name)) lines.push(`- ${name}`);
  for (const [name, unit] of after) {
    const old = before.get(name);
    lines.push(...(old ? unitChanges(name, old, unit) : [`+ ${name}`]));
  }
  return lines;
}

/**
 * What the spec says changed at each microversion after `from` up to `to` (both described by
 * the spec, from < to): operations and actions added or removed, their parameters, the fields
 * of their bodies, the replies they give, and the shapes that changed.
 */
export function changesBetween(doc: OpenApiDocument, from: ApiVersion, to: ApiVersion): VersionChanges[] {
  const versions = versionsOf(doc).filter((v) => compareVersions(v, from) >= 0 && compareVersions(v, to) <= 0);
  const out: VersionChanges[] = [];
  let before = unitsOf(documentAt(doc, versions[0]!), versions[0]!);
  for (const version of versions.slice(1)) {
    const after = unitsOf(documentAt(doc, version), version);
    out.push({ version: formatVersion(version), changes: changes(before, after) });
    before = after;
  }
  return out;
}
