import type { CliColumn, CliOutput } from "../../generated/commands.js";
import { type ApiVersion, inRange } from "../core/version.js";
import { type NumberHint, pyJson, pyPformat, pyRepr, pyStr } from "../text/python.js";
import { type Column, type Row, formatDict, formatList } from "./print.js";
import { comparePython } from "./table.js";

/**
 * The value at a dotted path (a.b); undefined when any step is missing. A name stepping into a
 * list takes that field of each item (fixed_ips.ip_address); '.' is the value itself.
 */
export function pick(value: unknown, path: string | undefined): unknown {
  if (!path || path === ".") return value;
  return pickSteps(value, path.split("."));
}

function pickSteps(node: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0) return node;
  const [key, ...rest] = keys as [string, ...string[]];
  if (Array.isArray(node) && !/^\d+$/.test(key)) return node.map((item) => pickSteps(item, keys));
  if (!node || typeof node !== "object" || !(key in node)) return undefined;
  return pickSteps((node as Row)[key], rest);
}

const CELL_FORMATS: Record<NonNullable<CliColumn["format"]>, (value: unknown, hint: NumberHint, key: string, c: CliColumn) => string> = {
  join: (value, hint, key, c) => (Array.isArray(value) ? value.map((v) => pyStr(v, hint, key)).join(c.separator ?? ", ") : pyStr(value, hint, key)),
  json: (value, hint, key) => pyJson(value, hint, key),
  keys: (value) => (value && typeof value === "object" ? Object.keys(value).join(", ") : ""),
  "choice-list": (value, hint, key) => choiceList((Array.isArray(value) ? value : []).map((v) => pyStr(v, hint, key))),
  "choice-dict": (value, hint) => {
    const record = (value && typeof value === "object" ? value : {}) as Row;
    return choiceList(Object.keys(record).sort(comparePython).map((k) => `${k}=${pyStr(record[k], hint, k)}`));
  },
  repr: (value, hint, key) => pyRepr(value, hint, key),
  str: (value, hint, key) => (value === null ? "None" : pyStr(value, hint, key)),
  pformat: (value, hint) => pyPformat(value, hint),
};

/** python-novaclient's pretty_choice_list: "'a', 'b'". */
const choiceList = (items: readonly string[]) => items.map((i) => `'${i}'`).join(", ");

/** A declared column: the field (a.b for nested), '-' for null, `missing` when absent, or its format. */
export function declaredColumn(c: CliColumn, hint: NumberHint): Column {
  const key = c.field.split(".").pop()!;
  const format = c.format ? CELL_FORMATS[c.format] : undefined;
  return {
    header: c.header,
    ...(c.field === "." ? { whole: true as const } : {}),
    text: (row) => {
      const value = pick(row, c.field);
      if (value === undefined) return c.missing ?? "";
      if (format) return format(value, hint, key, c);
      return value === null ? "-" : pyStr(value, hint, key).replace(/\r/g, "");
    },
    field: { key, value: (row) => pick(row, c.field) },
  };
}

const columnsAt = (output: CliOutput, version: ApiVersion) => (output.columns ?? []).filter((c) => inRange(version, c["min-version"] ?? "2.1", c["max-version"]));

/** The table columns an output declares at this microversion. */
export function declaredColumns(output: CliOutput, version: ApiVersion, hint: NumberHint): Column[] {
  return columnsAt(output, version).map((c) => declaredColumn(c, hint));
}

/**
 * The rows a properties output declares: each column's field under its header (formatted when it
 * says so, else left to print_dict); a field the record lacks is left out unless `missing`.
 */
function declaredProperties(output: CliOutput, record: unknown, version: ApiVersion, hint: NumberHint): Row {
  const out: Row = {};
  for (const c of columnsAt(output, version)) {
    const value = pick(record, c.field);
    if (value === undefined) {
      if (c.missing !== undefined) out[c.header] = c.missing;
    } else out[c.header] = c.format ? CELL_FORMATS[c.format](value, hint, c.field.split(".").pop()!, c) : value;
  }
  return out;
}

/** python-novaclient's flatten_dict: nested objects (and JSON text) merged in as parent_child keys. */
export function flatten(record: Row, prefix = ""): Row {
  const out: Row = {};
  for (const [key, raw] of Object.entries(record)) {
    let value = raw;
    if (!prefix && typeof raw === "string") {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    const name = prefix ? `${prefix}_${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) Object.assign(out, flatten(value as Row, name));
    else out[name] = value;
  }
  return out;
}

/** Renders a result the way the command's x-cli output says; undefined prints nothing. */
export function renderOutput(output: CliOutput | undefined, result: unknown, version: ApiVersion, hint: NumberHint, argv: Record<string, unknown> = {}): string | undefined {
  if (!output || output.kind === "none") return undefined;
  const picked = pick(result, output.from);
  switch (output.kind) {
    case "value":
      return picked === undefined ? undefined : pyStr(picked, hint, output.from?.split(".").pop());
    case "text":
      return picked === undefined || picked === null ? undefined : String(picked);
    case "table": {
      let rows = (Array.isArray(picked) ? picked : [picked]) as Row[];
      if (output.rows) {
        const record = (picked ?? {}) as Row;
        rows = output.rows.filter((key) => key in record).map((key) => ({ key, value: record[key] }));
      }
      if (output.item) rows = rows.map((r) => r[output.item!] as Row);
      return formatList(rows, declaredColumns(output, version, hint), output["sort-by"]);
    }
    case "properties": {
      if (picked === undefined) return undefined;
      let record = { ...(picked as Row) };
      if (output.columns) record = declaredProperties(output, record, version, hint);
      for (const key of output.drop ?? []) delete record[key];
      if (output.flatten) record = flatten(record);
      // A string names the option that gives the width (its value already an integer).
      const wrap = typeof output.wrap === "string" ? Number(argv[output.wrap] ?? 0) : (output.wrap ?? 0);
      return formatDict(record, hint, wrap);
    }
    default:
      throw new Error(`unknown x-cli output kind "${String(output.kind)}"`);
  }
}
