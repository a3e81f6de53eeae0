import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPI3 } from "openapi-typescript";
import type { PagerEntry } from "./pagers.js";
import { type OperationEntry, type RemovedEntry, type Tables, cliSchema } from "./tables.js";

const OPERATION_TYPES = `
/** One callable unit: an operation, or one action of an action endpoint (e.g. reboot). */
export interface OperationSpec {
  readonly method: "get" | "put" | "post" | "delete" | "patch" | "head";
  readonly path: string;
  /** Lowest and highest microversion that serve it. */
  readonly min: string;
  readonly max?: string;
  /** Served on the compute endpoint's root (version discovery), not under /v2.1. */
  readonly root?: true;
  /** The one key of an action body, e.g. "reboot". */
  readonly action?: string;
  readonly query: readonly string[];
  /** The query string in the parameters' declared order (not sorted); "literal": values not encoded, only requoted. */
  readonly queryStyle?: "urlencode" | "literal";
  /** Path parameters quoted with quote(value, safe=''). */
  readonly pathQuote?: "all";
  /** Nova answers 410 Gone (spec/removed.yaml): described only so a command can send what python-novaclient sends. */
  readonly removed?: true;
}
`;

/*
 * The runtime table travels in every browser bundle, so it is written compactly, one line per
 * operation: "method path[ min[-max]][ ?query,…][ !flag[=value]…]". An action's line
 * ("serverAction.reboot") holds only what differs from its endpoint's line: its action is the
 * id's suffix. The full entries, schemas included, are the Operations type, which costs nothing.
 */
const EXPAND = `
function expand(lines: Record<string, string>): { readonly [Id in OperationId]: OperationSpec } {
  const table: Record<string, OperationSpec> = {};
  for (const [id, line] of Object.entries(lines)) {
    const dot = id.indexOf(".");
    const op: Record<string, unknown> = dot < 0 ? { min: "2.1", query: [] } : { ...table[id.slice(0, dot)], action: id.slice(dot + 1) };
    for (const token of line.split(" ").filter(Boolean)) {
      if (token.startsWith("/")) op.path = token;
      else if (token.startsWith("?")) op.query = token.slice(1).split(",");
      else if (token.startsWith("!")) {
        const [flag, value] = token.slice(1).split("=");
        op[flag!] = value ?? true;
      } else if (/^\\d/.test(token)) [op.min, op.max] = token.split("-");
      else op.method = token;
    }
    if (op.max === undefined) delete op.max;
    table[id] = op as unknown as OperationSpec;
  }
  return table as { readonly [Id in OperationId]: OperationSpec };
}
`;

/** The flags an operation's line carries after its route, versions and query. */
const FLAGS = ["root", "queryStyle", "pathQuote", "removed"] as const;
const range = (op: OperationEntry) => `${op.min}${op.max ? `-${op.max}` : ""}`;

/** An operation's compact line (see EXPAND); an action's holds only what differs from its endpoint. */
function line(operations: Tables["operations"], id: string): string {
  const op = operations[id]!;
  const dot = id.indexOf(".");
  const base = dot < 0 ? undefined : operations[id.slice(0, dot)];
  if (base && (op.action !== id.slice(dot + 1) || op.method !== base.method || op.path !== base.path || op.query.join() !== base.query.join())) {
    throw new Error(`${id}: an action must share its endpoint's route and query`);
  }
  if (base && FLAGS.some((flag) => base[flag] !== undefined && op[flag] !== base[flag])) {
    throw new Error(`${id}: an action keeps its endpoint's flags (${FLAGS.join(", ")}); it may only add one`);
  }
  if ([op.path, ...op.query].some((t) => /[ ,]/.test(t))) throw new Error(`${id}: a path or query name with a space or comma cannot be written compactly`);
  const tokens = base ? [] : [op.method, op.path];
  if (base ? range(op) !== range(base) : range(op) !== "2.1") tokens.push(range(op));
  if (!base && op.query.length > 0) tokens.push(`?${op.query.join(",")}`);
  for (const flag of FLAGS) if (op[flag] !== undefined && base?.[flag] === undefined) tokens.push(op[flag] === true ? `!${flag}` : `!${flag}=${op[flag]}`);
  return tokens.join(" ");
}

/** The vocabulary's TypeScript types, from spec/x-cli.schema.yaml (its one definition). */
async function vocabularyTypes(): Promise<string> {
  const schemas = JSON.parse(JSON.stringify(cliSchema.$defs).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, object>;
  const ast = await openapiTS({ openapi: "3.1.0", info: { title: "x-cli", version: "1" }, paths: {}, components: { schemas } } as OpenAPI3, { rootTypes: false });
  const text = astToString(ast).replace(/^export type (paths|webhooks|\$defs|operations) = .*$/gm, "");
  return `import type { OperationId } from "./operations.js";

/** spec/x-cli.schema.yaml, as openapi-typescript reads it. */
${text.replace("export interface components", "interface Vocabulary").replaceAll("components[\"schemas\"]", "Vocabulary[\"schemas\"]")}
type Defs = Vocabulary["schemas"];
export type CliArg = Defs["CliArg"];
export type CliColumn = Defs["CliColumn"];
export type CliOutput = Defs["CliOutput"];
export type CliPoll = Defs["CliPoll"];

/** One variant of a command: an x-cli as declared, with its operation and microversion range. */
export type CommandSpec = Omit<Defs["XCli"], "command" | "args" | "options" | "min-version" | "max-version"> & {
  readonly name: string;
  readonly operation: OperationId;
  readonly args: readonly CliArg[];
  readonly options: readonly CliArg[];
  readonly min: string;
  readonly max?: string;
};

/** How a resource is found by name or id (x-lookup), with the list operation that declares it. */
export type LookupSpec = Omit<Defs["XLookup"], "resource" | "get"> & { readonly list: OperationId; readonly get: OperationId };
`;
}

const literal = (value: unknown) => JSON.stringify(value, null, 2);

const summaryOf = (tables: Tables, id: string) => (tables.summaries[id] ?? id).trim().replace(/\s+/g, " ").replaceAll("*/", "*\\/");

/**
 * A JSDoc block of a table entry: a paragraph, then the operation's route (and action) and its
 * microversion range, then its API reference section (the spec's externalDocs).
 */
function jsdoc(tables: Tables, id: string, text: string, perPage = ""): string {
  const op = tables.operations[id]!;
  const route = `\`${op.method.toUpperCase()} ${op.path}\`${op.action ? ` with \`{"${op.action}": …}\`` : ""}`;
  const range = op.max ? `microversions ${op.min} to ${op.max}` : `microversion ${op.min} and later`;
  const docs = tables.docs[id];
  const see = docs ? `     * @see {@link ${docs.url}}${docs.description ? ` ${docs.description.trim().replace(/\s+/g, " ")}` : ""}\n` : "";
  return `    /**\n     * ${text}\n     *\n     * ${route} (\`${id}\`)${perPage}, ${range}.\n${see}     */\n`;
}

/**
 * The helper table, each method with JSDoc that editors show on `nova.servers.reboot`: the
 * operation's summary, its route (and action) and its microversion range.
 */
function helperTable(tables: Tables): string {
  const groups = Object.entries(tables.helpers).map(
    ([resource, methods]) => `  ${resource}: {\n${Object.entries(methods).map(([method, id]) => `${jsdoc(tables, id, summaryOf(tables, id))}    ${method}: ${JSON.stringify(id)},\n`).join("")}  },\n`,
  );
  return `{\n${groups.join("")}}`;
}

/** The pager table, each method with the JSDoc editors show on `nova.servers.listAll`. */
function pagerTable(tables: Tables): string {
  const text = (resource: string, p: PagerEntry) => {
    const list = `\`${resource}.${p.helper}\` (${summaryOf(tables, tables.helpers[resource]![p.helper]!)})`;
    const next = p.links ? `the \`${p.links}\` "next" link` : "`offset`, a page shorter than the first ending it";
    return p.collect
      ? `Every item of ${list}: the \`${p.items}\` of each page, following ${next}${p.links ? " until there is none" : ""}. \`limit\` is the page size; \`{ signal }\` goes with every page's request.`
      : `The items of ${list} one at a time: the \`${p.items}\` of each page, the next page (by ${next}) asked for only when these are used up, so leaving the loop early sends no more requests.`;
  };
  const groups = Object.entries(tables.pagers).map(
    ([resource, methods]) =>
      `  ${resource}: {\n${Object.entries(methods).map(([method, p]) => `${jsdoc(tables, tables.helpers[resource]![p.helper]!, text(resource, p), " once per page")}    ${method}: ${JSON.stringify(p)},\n`).join("")}  },\n`,
  );
  return `{\n${groups.join("")}}`;
}

export type { RemovedEntry };

/** Renders the tables as TypeScript modules, keyed by file name. */
export async function renderTables(tables: Tables, removed: readonly RemovedEntry[]): Promise<Map<string, string>> {
  const { commands, lookups, operations, microversions, floatFields } = tables;
  return new Map([
    [
      "operations.ts",
      `${OPERATION_TYPES}\n/** The microversions this spec describes: the most a client built from it can speak. */\nexport const microversions = ${literal(microversions)} as const;\n\n/** Every operation as the types read it: its route, versions, action and the schemas of an action's body and reply. */\nexport interface Operations ${literal(operations)}\n\nexport type OperationId = keyof Operations;\n\nexport const operations = expand(${literal(Object.fromEntries(Object.keys(operations).map((id) => [id, line(operations, id)])))});\n${EXPAND}\n/** APIs Nova removed (410 Gone at every microversion), from spec/removed.yaml. */\nexport const removed: readonly { method: string; path: string; removed: string }[] = ${literal(removed.map(({ method, path, removed: when }) => ({ method, path, removed: when })))};\n`,
    ],
    [
      "helpers.ts",
      `import type { OperationId } from "./operations.js";\n\n/** Resource helpers: resource -> method -> operation, from each operation's x-helper. */\nexport const helpers = ${helperTable(tables)} as const satisfies Record<string, Record<string, OperationId>>;\n\n/**\n * Lists that come in pages: resource -> method -> the helper it calls page after page, the\n * reply's list (\`items\`) and its "next" links (\`links\`); \`collect\`: every item at once, else one by one.\n */\nexport const pagers = ${pagerTable(tables)} as const satisfies { [R in keyof typeof helpers]?: Record<string, { helper: keyof (typeof helpers)[R]; items: string; links?: string; collect: boolean }> };\n`,
    ],
    [
      "commands.ts",
      `${await vocabularyTypes()}\nexport const commands: readonly CommandSpec[] = ${literal(commands)};\n\nexport const lookups: Readonly<Record<string, LookupSpec>> = ${literal(lookups)};\n\n/** JSON fields Nova sends as floats (Python prints 1.0, JSON.parse gives 1). */\nexport const floatFields: readonly string[] = ${literal(floatFields)};\n`,
    ],
  ]);
}
