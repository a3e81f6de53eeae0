import { NovaClientError } from "../core/errors.js";
import { type NumberHint, pyFloat, pyRepr, pyReprString, pyStr } from "../text/python.js";
import type { Format } from "./global-options.js";
import { fitTable, renderTable } from "./table.js";

type Yaml = typeof import("yaml");

/** openstackclient's output options (cliff's formatters), as a command line gives them. */
export interface OutputOptions {
  format: Format;
  /** -c: the columns (or properties) to print; none given, all of them. */
  columns: readonly string[];
  noindent: boolean;
  /** --max-width: table lines at most this wide; 0 or less, no limit. */
  maxWidth: number;
  /** --prefix: before every shell variable name. */
  prefix: string;
  /** The fields whose numbers are floats (the spec's), printed with a point as Python prints them. */
  hint: NumberHint;
  /** The yaml package, loaded before the command runs when -f yaml asks for it. */
  yaml?: Yaml;
}

const TABLE: OutputOptions = { format: "table", columns: [], noindent: false, maxWidth: 0, prefix: "", hint: { floats: new Set() } };

/** The output options of the arguments of a command line; the yaml package loaded when needed. */
export async function outputOptions(argv: Record<string, unknown>, hint: NumberHint): Promise<OutputOptions> {
  const format = (argv.format ?? "table") as Format;
  return {
    format,
    hint,
    columns: argv.column === undefined ? [] : [argv.column].flat().map(String),
    noindent: Boolean(argv.noindent),
    maxWidth: Number(argv["max-width"] ?? 0),
    prefix: String(argv.prefix ?? ""),
    ...(format === "yaml" ? { yaml: await import("yaml") } : {}),
  };
}

// Handlers render through formatList/formatDict, which take no options: the command being run
// sets them here for as long as it runs (a run of the CLI prints one command).
let current = TABLE;

/** Runs `body` with these output options, then puts back the ones before (the table). */
export async function printingWith<T>(options: OutputOptions, body: () => Promise<T>): Promise<T> {
  const before = current;
  current = options;
  try {
    return await body();
  } finally {
    current = before;
  }
}

/** Whether output is python-novaclient's table (the default), rather than data for a program. */
export const printsTable = () => current.format === "table";

/** Whether -c names the columns to print. */
export const columnsChosen = () => current.columns.length > 0;

// cliff's list formatters and its single-item ones: shell is only for one item, csv only for lists.
const LIST_FORMATS: readonly Format[] = ["csv", "json", "table", "value", "yaml"];
const ONE_FORMATS: readonly Format[] = ["json", "shell", "table", "value", "yaml"];

/**
 * Refuses a format cliff does not offer for a list (shell) or for properties (csv), in the words
 * of argparse's refusal there: execute, before the command does anything, for a command known to
 * print one or the other; and the printing itself.
 */
export function checkFormat(kind: "list" | "properties", format: Format = current.format): void {
  const offered = kind === "list" ? LIST_FORMATS : ONE_FORMATS;
  if (!offered.includes(format)) {
    throw new NovaClientError("CommandError", `argument -f/--format: invalid choice: '${format}' (choose from ${offered.map((f) => `'${f}'`).join(", ")})`);
  }
}

/**
 * cliff's -c: the positions of the named columns, in the columns' own order (not the order the
 * options came in), every one when none is named; none of them a column is cliff's ValueError.
 */
export function chosen(names: readonly string[]): number[] {
  const wanted = current.columns;
  const at = names.flatMap((name, i) => (!wanted.length || wanted.includes(name) ? [i] : []));
  if (at.length === 0) {
    const tuple = `(${names.map(pyReprString).join(", ")}${names.length === 1 ? "," : ""})`;
    throw new NovaClientError("CommandError", `No recognized column names in ${pyRepr(wanted, current.hint)}. Recognized columns are ${tuple}.`);
  }
  return at;
}

// cliff's narrowest wrapped column: 8 in a list, 16 in a Field/Value table.
export const LIST_MIN_WIDTH = 8;
export const PROPERTIES_MIN_WIDTH = 16;

/** A table of the chosen columns (chosen already for properties), fitted into --max-width. */
export function tableText(headers: readonly string[], rows: readonly (readonly string[])[], minWidth: number): string {
  if (current.maxWidth <= 0) return renderTable(headers, rows);
  return renderTable(headers, fitTable(headers, rows, current.maxWidth, minWidth));
}

/**
 * One printed value. cliff's json, yaml, value, csv and shell formatters print the data a
 * command's columns hold, not the table's text: so a column that shows a field gives that
 * field's value (numbers stay numbers, lists lists, null null); any other column, the text.
 * `key` is the field's name, which tells a float (rxtx_factor: 1.0) from an integer.
 */
export interface Datum {
  value: unknown;
  key?: string;
}

/** A record of named values, in order (JSON objects would put "1" before "a"). */
class Fields {
  constructor(readonly entries: readonly (readonly [string, Datum])[]) {}
}

const isFloat = (n: number, key: string | undefined, hint: NumberHint) => !Number.isInteger(n) || (key !== undefined && hint.floats.has(key));

/** Python's json.dumps(value, indent=indent): ensure_ascii, ", " and ": " between items. */
function json(value: unknown, hint: NumberHint, key: string | undefined, indent: number | undefined, level: number): string {
  const block = (items: string[], open: string, close: string) => {
    if (items.length === 0) return open + close;
    if (indent === undefined) return `${open}${items.join(", ")}${close}`;
    const inner = `\n${" ".repeat(indent * (level + 1))}`;
    return `${open}${inner}${items.join(`,${inner}`)}\n${" ".repeat(indent * level)}${close}`;
  };
  const string = (s: string) => JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const pair = (name: string, v: unknown, k: string | undefined) => `${string(name)}: ${json(v, hint, k, indent, level + 1)}`;
  if (value instanceof Fields) return block(value.entries.map(([name, d]) => pair(name, d.value, d.key)), "{", "}");
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return isFloat(value, key, hint) ? pyFloat(value) : String(value);
  if (typeof value === "string") return string(value);
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return block(value.map((v) => json(v, hint, key, indent, level + 1)), "[", "]");
  return block(Object.entries(value).map(([k, v]) => pair(k, v, k)), "{", "}");
}

/** PyYAML's safe_dump(default_flow_style=False) of the value: YAML 1.1, block style, floats with a point. */
function yaml(Y: Yaml, value: unknown, hint: NumberHint): string {
  const node = (v: unknown, key: string | undefined): unknown => {
    const map = (entries: [string, unknown, string | undefined][]) => {
      const m = new Y.YAMLMap();
      for (const [name, x, k] of entries) m.items.push(new Y.Pair(new Y.Scalar(name), node(x, k)));
      return m;
    };
    if (v instanceof Fields) return map(v.entries.map(([name, d]) => [name, d.value, d.key]));
    if (Array.isArray(v)) {
      const seq = new Y.YAMLSeq();
      seq.items.push(...v.map((x) => node(x, key)));
      return seq;
    }
    if (v !== null && typeof v === "object") return map(Object.entries(v).map(([k, x]) => [k, x, k]));
    const scalar = new Y.Scalar(v ?? null);
    if (typeof v === "number" && isFloat(v, key, hint)) scalar.minFractionDigits = 1;
    return scalar;
  };
  return new Y.Document(node(value, undefined), { version: "1.1" }).toString({ indentSeq: false, singleQuote: true }).replace(/\n$/, "");
}

const text = (d: Datum, hint: NumberHint) => pyStr(d.value ?? null, hint, d.key);

/** Python's csv writer with QUOTE_NONNUMERIC and escapechar "\\": numbers bare, the rest quoted. */
function csvField(d: Datum, hint: NumberHint): string {
  if (typeof d.value === "number" || typeof d.value === "boolean") return text(d, hint);
  const s = d.value === null || d.value === undefined ? "" : text(d, hint);
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '""')}"`;
}

/**
 * A list as data: json and yaml a list of objects keyed by column (in the columns' order), csv
 * a header line and a line a row, value the values of each row separated by spaces.
 */
export function listData(headers: readonly string[], rows: readonly (readonly Datum[])[]): string {
  checkFormat("list");
  const hint = current.hint;
  const at = chosen(headers);
  const picked = rows.map((row) => at.map((i) => row[i]!));
  const records = () => picked.map((row) => new Fields(row.map((d, j) => [headers[at[j]!]!, d] as const)));
  switch (current.format) {
    case "json":
      return json(records(), hint, undefined, current.noindent ? undefined : 2, 0);
    case "yaml":
      return yaml(current.yaml!, records(), hint);
    case "csv":
      return [at.map((i) => csvField({ value: headers[i] }, hint)), ...picked.map((row) => row.map((d) => csvField(d, hint)))].map((line) => line.join(",")).join("\n");
    default:
      return picked.map((row) => row.map((d) => text(d, hint)).join(" ")).join("\n");
  }
}

/**
 * Properties as data: json and yaml one object, value one value a line, shell a name="value"
 * line each (the name lower-cased, " ", ":" and "-" made "_", after --prefix). Where cliff puts
 * a backslash only before '"', \ $ and ` get one too, so eval of the lines cannot run a
 * command a value holds.
 */
export function propertiesData(properties: readonly (readonly [string, Datum])[]): string {
  checkFormat("properties");
  const hint = current.hint;
  const picked = chosen(properties.map(([name]) => name)).map((i) => properties[i]!);
  switch (current.format) {
    case "json":
      return json(new Fields(picked), hint, undefined, current.noindent ? undefined : 2, 0);
    case "yaml":
      return yaml(current.yaml!, new Fields(picked), hint);
    case "shell":
      return picked.map(([name, d]) => `${current.prefix}${name.toLowerCase().replace(/[ :-]/g, "_")}="${text(d, hint).replace(/[\\"$`]/g, "\\$&")}"`).join("\n");
    default:
      return picked.map(([, d]) => text(d, hint)).join("\n");
  }
}
