import type { OpenAPI3, OperationObject, ParameterObject, ReferenceObject } from "openapi-typescript";

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
}

export interface CliArg {
  name: string;
  metavar?: string;
  help?: string;
  type?: "string" | "integer" | "number" | "boolean";
  to?: string;
  find?: string;
  default?: unknown;
  optional?: boolean;
  variadic?: boolean;
  option?: boolean;
  negatable?: boolean;
  choices?: string[];
  min?: string;
  max?: string;
}

export interface CliColumn {
  header: string;
  field: string;
  missing?: string;
  min?: string;
  max?: string;
}

export interface CliOutput {
  kind?: string;
  from?: string;
  columns?: CliColumn[];
  drop?: string[];
  ref?: string;
}

export interface CommandEntry {
  name: string;
  help: string;
  operation: string;
  args: CliArg[];
  options: CliArg[];
  handler?: string;
  output?: CliOutput;
  min: string;
  max?: string;
}

export interface Tables {
  microversions: { min: string; max: string };
  operations: Record<string, OperationEntry>;
  helpers: Record<string, Record<string, string>>;
  commands: CommandEntry[];
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
type Extended = Record<string, unknown>;

function deref<T extends object>(doc: OpenAPI3, node: T | ReferenceObject): T {
  if (!("$ref" in node)) return node;
  const parts = node.$ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur: unknown = doc;
  for (const p of parts) cur = (cur as Extended)[p];
  if (cur === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  return deref(doc, cur as T | ReferenceObject);
}

/** Renames the spec's kebab-case keys (min-version) to the tables' camel names. */
function versioned<T extends Extended>(node: T): T {
  const out: Extended = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "min-version") out.min = v;
    else if (k === "max-version") out.max = v;
    else if (k === "columns" && Array.isArray(v)) out.columns = v.map((c: Extended) => versioned(c));
    else out[k] = v;
  }
  return out as T;
}

const KEYS = {
  command: ["command", "help", "handler", "args", "options", "output"],
  arg: ["name", "metavar", "help", "type", "to", "find", "default", "optional", "variadic", "option", "negatable", "choices", "min-version", "max-version"],
  output: ["kind", "from", "columns", "drop", "ref"],
  column: ["header", "field", "missing", "min-version", "max-version"],
};

/** Typos in a declaration would silently drop an option; refuse unknown keys instead. */
function checkKeys(node: Extended, allowed: string[], where: string): void {
  const unknown = Object.keys(node).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new Error(`${where}: unknown key(s) ${unknown.join(", ")} (allowed: ${allowed.join(", ")})`);
}

function cliCommand(decl: Extended, operation: string, min: string, max: string | undefined): CommandEntry {
  const where = `x-cli of ${operation}`;
  checkKeys(decl, KEYS.command, where);
  for (const a of [...((decl.args ?? []) as Extended[]), ...((decl.options ?? []) as Extended[])]) checkKeys(a, KEYS.arg, `${where}, argument ${String(a.name)}`);
  const output = decl.output as Extended | undefined;
  if (output) {
    checkKeys(output, KEYS.output, `${where}, output`);
    for (const c of (output.columns ?? []) as Extended[]) checkKeys(c, KEYS.column, `${where}, column ${String(c.header)}`);
  }
  if (typeof decl.command !== "string") throw new Error(`${where}: "command" is required`);
  if (typeof decl.help !== "string") throw new Error(`${where}: "help" is required`);
  const list = (key: string) => ((decl[key] ?? []) as Extended[]).map((a) => versioned(a) as unknown as CliArg);
  const entry: CommandEntry = { name: decl.command, help: decl.help.trim(), operation, args: list("args"), options: list("options"), min };
  if (max) entry.max = max;
  if (typeof decl.handler === "string") entry.handler = decl.handler;
  if (decl.output) entry.output = versioned(decl.output as Extended) as CliOutput;
  for (const a of [...entry.args, ...entry.options]) {
    if (a.to && !/^(path|query|body)\.[^.]+/.test(a.to)) throw new Error(`${where}: argument ${a.name} has a bad target "${a.to}"`);
  }
  return entry;
}

function addHelper(tables: Tables, ref: unknown, operation: string): void {
  if (typeof ref !== "string") return;
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
export function buildTables(doc: OpenAPI3): Tables {
  const range = (doc as unknown as Extended)["x-microversions"] as { min?: string; max?: string } | undefined;
  if (!range?.min || !range.max) throw new Error("the spec root needs x-microversions: {min, max}");
  const tables: Tables = { microversions: { min: range.min, max: range.max }, operations: {}, helpers: {}, commands: [], floatFields: [] };
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
      if (op.servers?.some((s) => s.url.includes("{compute_root}"))) base.root = true;
      tables.operations[id] = base;
      addHelper(tables, op["x-helper"], id);
      if (op["x-cli"]) tables.commands.push(cliCommand(op["x-cli"] as Extended, id, base.min, base.max));

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
        addHelper(tables, schema["x-helper"], actionId);
        if (schema["x-cli"]) tables.commands.push(cliCommand(schema["x-cli"] as Extended, actionId, entry.min, entry.max));
      }
    }
  }
  const seen = new Set<string>();
  for (const c of tables.commands) {
    if (seen.has(c.name)) throw new Error(`CLI command ${c.name} is declared twice`);
    seen.add(c.name);
  }
  for (const c of tables.commands) {
    const ref = c.output?.ref;
    if (!ref) continue;
    const target = tables.commands.find((t) => t.name === ref);
    if (!target?.output) throw new Error(`CLI command ${c.name}: output.ref names ${ref}, which has no output`);
    c.output = target.output;
  }
  tables.commands.sort((a, b) => a.name.localeCompare(b.name));
  return tables;
}
