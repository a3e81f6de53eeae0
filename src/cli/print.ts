import { type NumberHint, pyJson, pyStr } from "../text/python.js";
import { fill } from "../text/textwrap.js";
import { type Datum, LIST_MIN_WIDTH, PROPERTIES_MIN_WIDTH, chosen, listData, printsTable, propertiesData, tableText } from "./formats.js";
import { comparePython, sortOrder, sortRows } from "./table.js";

export type Row = Record<string, unknown>;

/** A table column: its header and how to get its text from a record. */
export interface Column {
  header: string;
  text: (row: Row) => string;
  /** The column shows the record itself (a list of strings, such as a server's tags). */
  whole?: true;
  /** The field the column shows: its name, and its value in a record (printed by -f json and the like). */
  field?: { key: string; value: (row: Row) => unknown };
}

/** The usual column: a field, '-' for null, '' when absent (python-novaclient's print_list). */
export function fieldColumn(header: string, field: string, hint: NumberHint, missing = ""): Column {
  return {
    header,
    text: (row) => {
      if (!(field in row)) return missing;
      const value = row[field];
      return value === null ? "-" : pyStr(value, hint, field).replace(/\r/g, "");
    },
    field: { key: field, value: (row) => row[field] },
  };
}

/**
 * print_list: one row per record; sorted by one column when `sortBy` is given. In a format other
 * than the table, each column's field value where it has one and is in the record, else its text.
 */
export function formatList(rows: readonly Row[], columns: readonly Column[], sortBy?: number): string {
  const cells = rows.map((r) => cellsOf(r, columns));
  if (printsTable()) return formatCells(columns, cells, sortBy);
  const order = sortBy === undefined ? cells.keys() : sortOrder(cells, sortBy);
  const data = [...order].map((n) =>
    columns.map((c, i): Datum => {
      const value = c.field?.value(rows[n]!);
      return value === undefined ? { value: cells[n]![i] } : { value, key: c.field!.key };
    }),
  );
  return listData(
    columns.map((c) => c.header),
    data,
  );
}

/**
 * One record's row of cell texts. A record that is not an object is never printed as a blank
 * row: the failure is explained against the spec (explain.ts).
 */
export function cellsOf(row: Row, columns: readonly Column[]): string[] {
  if ((row === null || typeof row !== "object") && !columns.every((c) => c.whole)) throw new TypeError(`a listed record is ${row === null ? "null" : typeof row}`);
  return columns.map((c) => c.text(row));
}

/** print_list from rows already turned into cells (by cellsOf), e.g. page by page: the table (-c and --max-width). */
export function formatCells(columns: readonly Column[], cells: string[][], sortBy?: number): string {
  const at = chosen(columns.map((c) => c.header));
  const sorted = sortBy === undefined ? cells : sortRows(cells, sortBy);
  return tableText(
    at.map((i) => columns[i]!.header),
    at.length === columns.length ? sorted : sorted.map((row) => at.map((i) => row[i]!)),
    LIST_MIN_WIDTH,
  );
}

/**
 * print_dict: a Property/Value table, keys sorted, dicts and lists as JSON; with `wrap` > 0
 * each value goes through Python's str() and textwrap.fill first (so None shows as "None").
 */
export function formatDict(record: Row, hint: NumberHint, wrap = 0): string {
  const keys = Object.keys(record).sort(comparePython);
  // Another format prints the values themselves (cliff's), unwrapped.
  if (!printsTable()) return propertiesData(keys.map((key) => [key, { value: record[key], key }] as const));
  const rows: string[][] = [];
  for (const key of chosen(keys).map((i) => keys[i]!)) {
    const raw = record[key];
    let value = raw !== null && typeof raw === "object" ? pyJson(raw, hint, key) : raw;
    if (wrap > 0) value = fill(pyStr(value, hint, key), wrap);
    if (typeof value === "string" && value && (value.includes("\\n") || value.includes("\r"))) {
      let first = key;
      for (const line of value.replace(/\r/g, "").trim().split("\\n")) {
        rows.push([first, line]);
        first = "";
      }
    } else {
      rows.push([key, value === null || value === undefined ? "-" : pyStr(value, hint, key)]);
    }
  }
  return tableText(["Property", "Value"], rows, PROPERTIES_MIN_WIDTH);
}
