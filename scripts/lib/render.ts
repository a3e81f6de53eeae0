import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPI3 } from "openapi-typescript";
import { type RemovedEntry, type Tables, cliSchema } from "./tables.js";

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
  /** components.schemas name of the action's body. */
  readonly bodySchema?: string;
  /** For an action: components.schemas name of its reply, or null when it answers no body. */
  readonly replySchema?: string | null;
  readonly query: readonly string[];
  /** The query string in the parameters' declared order (not sorted); "literal": values not encoded, only requoted. */
  readonly queryStyle?: "urlencode" | "literal";
  /** Path parameters quoted with quote(value, safe=''). */
  readonly pathQuote?: "all";
  /** Nova answers 410 Gone (spec/removed.yaml): described only so a command can send what python-novaclient sends. */
  readonly removed?: true;
}
`;

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

/**
 * The helper table, each method with JSDoc that editors show on `nova.servers.reboot`: the
 * operation's summary, its route (and action) and its microversion range.
 */
function helperTable(tables: Tables): string {
  const doc = (id: string) => {
    const op = tables.operations[id]!;
    const summary = (tables.summaries[id] ?? id).trim().replace(/\s+/g, " ").replaceAll("*/", "*\\/");
    const route = `\`${op.method.toUpperCase()} ${op.path}\`${op.action ? ` with \`{"${op.action}": …}\`` : ""}`;
    const range = op.max ? `microversions ${op.min} to ${op.max}` : `microversion ${op.min} and later`;
    return `    /**\n     * ${summary}\n     *\n     * ${route} (\`${id}\`), ${range}.\n     */\n`;
  };
  const groups = Object.entries(tables.helpers).map(
    ([resource, methods]) => `  ${resource}: {\n${Object.entries(methods).map(([method, id]) => `${doc(id)}    ${method}: ${JSON.stringify(id)},\n`).join("")}  },\n`,
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
      `${OPERATION_TYPES}\n/** The microversions this spec describes: the most a client built from it can speak. */\nexport const microversions = ${literal(microversions)} as const;\n\nexport const operations = ${literal(operations)} as const satisfies Record<string, OperationSpec>;\n\nexport type OperationId = keyof typeof operations;\n\n/** APIs Nova removed (410 Gone at every microversion), from spec/removed.yaml. */\nexport const removed: readonly { method: string; path: string; removed: string }[] = ${literal(removed.map(({ method, path, removed: when }) => ({ method, path, removed: when })))};\n`,
    ],
    [
      "helpers.ts",
      `import type { OperationId } from "./operations.js";\n\n/** Resource helpers: resource -> method -> operation, from each operation's x-helper. */\nexport const helpers = ${helperTable(tables)} as const satisfies Record<string, Record<string, OperationId>>;\n`,
    ],
    [
      "commands.ts",
      `${await vocabularyTypes()}\nexport const commands: readonly CommandSpec[] = ${literal(commands)};\n\nexport const lookups: Readonly<Record<string, LookupSpec>> = ${literal(lookups)};\n\n/** JSON fields Nova sends as floats (Python prints 1.0, JSON.parse gives 1). */\nexport const floatFields: readonly string[] = ${literal(floatFields)};\n`,
    ],
  ]);
}
