import type { Tables } from "./tables.js";

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
}
`;

const COMMAND_TYPES = `
import type { OperationId } from "./operations.js";

export interface CliArg {
  readonly name: string;
  readonly metavar?: string;
  readonly help?: string;
  readonly type?: "string" | "integer" | "number" | "boolean";
  /** Where the value goes: path.<param>, query.<param> or body.<a>.<b>. */
  readonly to?: string;
  /** Resolve a name or id through this resource's lookup before sending. */
  readonly find?: string;
  readonly default?: unknown;
  readonly optional?: boolean;
  readonly variadic?: boolean;
  /** A positional that python-novaclient also accepts as --<name>. */
  readonly option?: boolean;
  /** A boolean whose --no-<name> is its own choice (argparse's "[--x | --no-x]"). */
  readonly negatable?: boolean;
  readonly choices?: readonly string[];
  readonly min?: string;
  readonly max?: string;
}

export interface CliColumn {
  readonly header: string;
  readonly field: string;
  /** Text when the record lacks the field (default empty). */
  readonly missing?: string;
  readonly min?: string;
  readonly max?: string;
}

export interface CliOutput {
  readonly kind?: string;
  readonly from?: string;
  readonly columns?: readonly CliColumn[];
  readonly drop?: readonly string[];
}

export interface CommandSpec {
  readonly name: string;
  readonly help: string;
  readonly operation: OperationId;
  readonly args: readonly CliArg[];
  readonly options: readonly CliArg[];
  /** A hand-written module in src/cli/handlers/ for commands that need real logic. */
  readonly handler?: string;
  readonly output?: CliOutput;
  readonly min: string;
  readonly max?: string;
}
`;

const literal = (value: unknown) => JSON.stringify(value, null, 2);

/** An entry of spec/removed.yaml: an API Nova answers 410 Gone for. */
export interface RemovedEntry {
  method: string;
  path: string;
  removed: string;
  reason: string;
}

/** Renders the tables as TypeScript modules, keyed by file name. */
export function renderTables(tables: Tables, removed: readonly RemovedEntry[]): Map<string, string> {
  const { helpers, commands, operations, microversions, floatFields } = tables;
  return new Map([
    [
      "operations.ts",
      `${OPERATION_TYPES}\n/** The microversions this spec describes: the most a client built from it can speak. */\nexport const microversions = ${literal(microversions)} as const;\n\nexport const operations = ${literal(operations)} as const satisfies Record<string, OperationSpec>;\n\nexport type OperationId = keyof typeof operations;\n\n/** APIs Nova removed (410 Gone at every microversion), from spec/removed.yaml. */\nexport const removed: readonly { method: string; path: string; removed: string }[] = ${literal(removed.map(({ method, path, removed: when }) => ({ method, path, removed: when })))};\n`,
    ],
    [
      "helpers.ts",
      `import type { OperationId } from "./operations.js";\n\n/** Resource helpers: resource -> method -> operation, from each operation's x-helper. */\nexport const helpers = ${literal(helpers)} as const satisfies Record<string, Record<string, OperationId>>;\n`,
    ],
    [
      "commands.ts",
      `${COMMAND_TYPES}\nexport const commands: readonly CommandSpec[] = ${literal(commands)};\n\n/** JSON fields Nova sends as floats (Python prints 1.0, JSON.parse gives 1). */\nexport const floatFields: readonly string[] = ${literal(floatFields)};\n`,
    ],
  ]);
}
