import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { OpenAPI3, OperationObject, ParameterObject, ReferenceObject } from "openapi-typescript";
import { parse } from "yaml";
import { checkTargets } from "./cli-targets.js";
import { type PagerEntry, buildPagers } from "./pagers.js";

/** One callable unit of the API: an operation, or one action of an action endpoint. */
export interface OperationEntry {
  method: string;
  path: string;
  min: string;
  max?: string;
  root?: true;
  action?: string;
  bodySchema?: string;
  replySchema?: string | null;
  query: string[];
  queryStyle?: "urlencode" | "literal";
  pathQuote?: "all";
  removed?: true;
}

/** An entry of spec/removed.yaml: an API Nova answers 410 Gone for. */
export interface RemovedEntry {
  method: string;
  path: string;
  removed: string;
  reason: string;
  /** The action of a POST .../action row. */
  action?: string;
  /** For a row python-novaclient still has a command for: the operation it becomes, its query parameters and the command. */
  operationId?: string;
  query?: string[];
  "x-cli"?: unknown;
}

/** A declaration as written in the spec (x-cli.schema.yaml), plus what the generator adds. */
export type CliDecl = Record<string, unknown> & { command: string; help: string; args?: Extended[]; options?: Extended[]; output?: Extended };

export interface CommandEntry extends Extended {
  name: string;
  help: string;
  operation: string;
  args: Extended[];
  options: Extended[];
  output?: Extended;
  min: string;
  max?: string;
}

export interface LookupEntry extends Extended {
  list: string;
  get: string;
  kind: string;
  items: string;
}

export interface Tables {
  microversions: { min: string; max: string };
  operations: Record<string, OperationEntry>;
  helpers: Record<string, Record<string, string>>;
  /** resource -> method (listAll, iterate...) -> the list helper it pages through. */
  pagers: Record<string, Record<string, PagerEntry>>;
  /** Each operation's summary (an action's: its body schema's description), for the helpers' JSDoc. */
  summaries: Record<string, string>;
  /** Each operation's externalDocs (an action's: its body schema's): its API reference section. */
  docs: Record<string, { url: string; description?: string }>;
  commands: CommandEntry[];
  lookups: Record<string, LookupEntry>;
  /** Property names the spec types as (non-integer) numbers: Nova sends them as floats. */
  floatFields: string[];
}

/** Every property whose schema is a number but not an integer, anywhere in the document. */
function collectFloatFields(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectFloatFields(n, into);
    return;
  }
  if (!node || typeof node !== "object") return;
  const props = (node as Extended).properties;
  if (props && typeof props === "object") {
    for (const [name, schema] of Object.entries(props as Extended)) {
      const type = (schema as Extended | undefined)?.type;
      const types = Array.isArray(type) ? type : [type];
      if (types.includes("number") && !types.includes("integer")) into.add(name);
    }
  }
  for (const value of Object.values(node)) collectFloatFields(value, into);
}

const METHODS = ["get", "put", "post", "delete", "patch", "head"] as const;
export type Extended = Record<string, unknown>;

export function deref<T extends object>(doc: OpenAPI3, node: T | ReferenceObject): T {
  if (!("$ref" in node)) return node;
  const parts = node.$ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur: unknown = doc;
  for (const p of parts) cur = (cur as Extended)[p];
  if (cur === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  return deref(doc, cur as T | ReferenceObject);
}

const schemaFile = fileURLToPath(new URL("../../spec/x-cli.schema.yaml", import.meta.url));
/** spec/x-cli.schema.yaml: the vocabulary's one definition. */
export const cliSchema = parse(readFileSync(schemaFile, "utf8")) as { $defs: Record<string, object> };

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema({ ...cliSchema, $id: "x-cli" });
const validators = { "x-cli": ajv.getSchema("x-cli#/$defs/XCli")!, "x-lookup": ajv.getSchema("x-cli#/$defs/XLookup")! };

/** Refuses a declaration the vocabulary does not have: a typo would silently drop an option. */
function checkDecl(kind: keyof typeof validators, decl: unknown, where: string): void {
  const validate = validators[kind];
  if (validate(decl)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
  throw new Error(`${kind} of ${where}: ${[...new Set(problems)].join("; ")}`);
}

function cliCommand(decl: Extended, operation: string, min: string, max: string | undefined): CommandEntry {
  checkDecl("x-cli", decl, operation);
  const { command, "min-version": from, "max-version": to, ...rest } = decl as CliDecl;
  const entry: CommandEntry = { ...rest, name: command, help: (decl as CliDecl).help.trim(), operation, args: decl.args ?? [], options: decl.options ?? [], min: (from as string) ?? min } as unknown as CommandEntry;
  if (to ?? max) entry.max = (to as string) ?? max;
  return entry;
}

/**
 * An x-cli is one declaration or a list of them: one operation may be a command whose arguments
 * differ by microversion (python-novaclient's versioned do_ functions over the same call).
 */
const declarations = (value: unknown): Extended[] => (value === undefined ? [] : ([value].flat() as Extended[]));

const compareVersionText = (a: string, b: string) => Number(a.split(".")[1]) - Number(b.split(".")[1]);

function addLookup(tables: Tables, decl: unknown, list: string): void {
  checkDecl("x-lookup", decl, list);
  const { resource, ...lookup } = decl as LookupEntry & { resource: string };
  if (tables.lookups[resource]) throw new Error(`x-lookup ${resource} is declared by both ${tables.lookups[resource].list} and ${list}`);
  tables.lookups[resource] = { ...lookup, list };
}

function addHelper(tables: Tables, ref: unknown, operation: string): void {
  if (typeof ref !== "string") return;
  // The summary becomes the helper's JSDoc: an editor shows it on nova.<resource>.<method>.
  if (!tables.summaries[operation]) throw new Error(`${operation}: x-helper ${ref} needs a summary (an action: a description on its body schema)`);
  const [resource, method] = ref.split(".");
  if (!resource || !method) throw new Error(`${operation}: x-helper must be "resource.method", got "${ref}"`);
  const group = (tables.helpers[resource] ??= {});
  if (group[method]) throw new Error(`x-helper ${ref} is declared by both ${group[method]} and ${operation}`);
  group[method] = operation;
}

/**
 * An action endpoint may answer with one reply schema per action, each tagged with x-action (a
 * name or a list) among the anyOf/oneOf branches of its 2xx replies: the one for `action`, null
 * when the action has none, undefined when the replies are not tagged (shared by all actions).
 */
function actionReply(doc: OpenAPI3, op: OperationObject, action: string): string | null | undefined {
  let tagged = false;
  for (const [status, reply] of Object.entries(op.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const media = (deref(doc, reply as ReferenceObject) as unknown as { content?: Record<string, { schema?: Extended }> }).content?.["application/json"];
    const branches = [...((media?.schema?.anyOf as ReferenceObject[] | undefined) ?? []), ...((media?.schema?.oneOf as ReferenceObject[] | undefined) ?? [])];
    for (const branch of branches) {
      const tags = [(deref(doc, branch) as unknown as Extended)["x-action"]].flat();
      if (tags.some((t) => t !== undefined)) tagged = true;
      if ("$ref" in branch && tags.includes(action)) return branch.$ref.split("/").pop()!;
    }
  }
  // No tagged replies: every action shares the endpoint's reply (e.g. flavor access lists).
  return tagged ? null : undefined;
}

/** Builds the runtime tables (operations, helpers, CLI commands) from the bundled spec. */
export function buildTables(doc: OpenAPI3, removed: readonly RemovedEntry[] = []): Tables {
  const range = (doc as unknown as Extended)["x-microversions"] as { min?: string; max?: string } | undefined;
  if (!range?.min || !range.max) throw new Error("the spec root needs x-microversions: {min, max}");
  const tables: Tables = { microversions: { min: range.min, max: range.max }, operations: {}, helpers: {}, pagers: {}, summaries: {}, docs: {}, commands: [], lookups: {}, floatFields: [] };
  const floats = new Set<string>();
  collectFloatFields(doc, floats);
  tables.floatFields = [...floats].sort();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const pathItem = deref(doc, item);
    const shared = (pathItem.parameters ?? []).map((p) => deref<ParameterObject>(doc, p));
    for (const method of METHODS) {
      const op = pathItem[method] as (OperationObject & Extended) | undefined;
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const id = op.operationId;
      if (tables.operations[id]) throw new Error(`operationId ${id} is used twice`);
      const params = [...shared, ...(op.parameters ?? []).map((p) => deref<ParameterObject>(doc, p))];
      const base: OperationEntry = {
        method,
        path,
        min: (op["x-min-version"] as string) ?? "2.1",
        query: params.filter((p) => p.in === "query").map((p) => p.name),
      };
      if (op["x-max-version"]) base.max = op["x-max-version"] as string;
      const queryStyle = op["x-query"];
      if (queryStyle !== undefined) {
        if (queryStyle !== "urlencode" && queryStyle !== "literal") throw new Error(`${id}: x-query must be "urlencode" or "literal"`);
        base.queryStyle = queryStyle;
      }
      if (op["x-path-quote"] !== undefined) {
        if (op["x-path-quote"] !== "all") throw new Error(`${id}: x-path-quote must be "all"`);
        base.pathQuote = "all";
      }
      if (op.servers?.some((s) => s.url.includes("{compute_root}"))) base.root = true;
      tables.operations[id] = base;
      if (op.summary) tables.summaries[id] = op.summary;
      if (op.externalDocs) tables.docs[id] = op.externalDocs;
      addHelper(tables, op["x-helper"], id);
      if (op["x-lookup"]) addLookup(tables, op["x-lookup"], id);
      for (const decl of declarations(op["x-cli"])) tables.commands.push(cliCommand(decl, id, base.min, base.max));

      const media = op.requestBody && deref(doc, op.requestBody).content?.["application/json"];
      const body = media && !("$ref" in media) ? media.schema : undefined;
      const variants = body && !("$ref" in body) ? (body.oneOf ?? []) : [];
      for (const variant of variants) {
        const schema = deref(doc, variant) as Extended;
        const action = schema["x-action"];
        if (typeof action !== "string") continue;
        const actionId = `${id}.${action}`;
        const entry: OperationEntry = { ...base, action, min: (schema["x-min-version"] as string) ?? base.min };
        const max = (schema["x-max-version"] as string) ?? base.max;
        if (max) entry.max = max;
        if ("$ref" in variant) entry.bodySchema = variant.$ref.split("/").pop();
        const reply = actionReply(doc, op, action);
        if (reply !== undefined) entry.replySchema = reply;
        tables.operations[actionId] = entry;
        if (typeof schema.description === "string") tables.summaries[actionId] = schema.description;
        const docs = schema.externalDocs as { url: string; description?: string } | undefined;
        if (docs) tables.docs[actionId] = docs;
        addHelper(tables, schema["x-helper"], actionId);
        for (const decl of declarations(schema["x-cli"])) tables.commands.push(cliCommand(decl, actionId, entry.min, entry.max));
      }
    }
  }
  for (const r of removed) {
    if (!r.operationId) continue;
    if (tables.operations[r.operationId]) throw new Error(`operationId ${r.operationId} is used twice`);
    tables.operations[r.operationId] = { method: r.method.toLowerCase(), path: r.path, min: "2.1", query: r.query ?? [], ...(r.action ? { action: r.action } : {}), removed: true };
    for (const decl of declarations(r["x-cli"])) tables.commands.push(cliCommand(decl, r.operationId, "2.1", undefined));
  }
  for (const c of tables.commands) {
    const reload = c.output?.reload as { get?: string } | undefined;
    if (reload && !tables.operations[reload.get ?? ""]) throw new Error(`CLI command ${c.name}: output.reload gets ${String(reload.get)}, which is no operation`);
    const ref = c.output?.ref;
    if (typeof ref !== "string") continue;
    const target = tables.commands.find((t) => t.name === ref);
    if (!target?.output && !target?.handler) throw new Error(`CLI command ${c.name}: output.ref names ${ref}, which has no output`);
    // ref stays: the target's handler (its format step) is found by it at run time.
    c.output = { ...target.output, ...c.output, ref };
  }
  // One command may be declared for several microversion ranges (python-novaclient's versioned
  // functions), but the ranges must not overlap: the session's version picks exactly one (and,
  // among the variants for an argument given, `when`, the one for that argument).
  const byName = new Map<string, CommandEntry[]>();
  for (const c of tables.commands) {
    const key = `${c.name}${c.when ? ` when ${String(c.when)}` : ""}`;
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  for (const [name, variants] of byName) {
    const sorted = variants.toSorted((a, b) => compareVersionText(a.min, b.min));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      if (!prev.max || compareVersionText(prev.max, sorted[i]!.min) >= 0) {
        throw new Error(`CLI command ${name} is declared by ${prev.operation} and ${sorted[i]!.operation} for overlapping microversions`);
      }
    }
  }
  // A `when` variant is run instead of the plain one, whose declaration reads the command line:
  // plain variants with that argument must cover its microversions (checked at both ends).
  const covers = (v: CommandEntry, at: string | undefined) =>
    at === undefined ? !v.max : compareVersionText(v.min, at) <= 0 && (!v.max || compareVersionText(at, v.max) <= 0);
  for (const c of tables.commands.filter((v) => v.when)) {
    for (const at of [c.min, c.max]) {
      const plain = tables.commands.find((v) => v.name === c.name && !v.when && covers(v, at));
      if (!plain) throw new Error(`CLI command ${c.name} (${c.operation}) is declared for when ${String(c.when)} is given, but no variant without \`when\` covers ${at ?? "its newest microversions"}`);
      if (![...plain.args, ...plain.options].some((a) => a.name === c.when)) throw new Error(`CLI command ${c.name} (${plain.operation}) has no argument ${String(c.when)}, which ${c.operation} is declared for`);
    }
  }
  for (const c of tables.commands) checkTargets(doc, tables, c);
  tables.pagers = buildPagers(doc, tables);
  tables.commands.sort((a, b) => a.name.localeCompare(b.name) || compareVersionText(a.min, b.min));
  return tables;
}
