import { fill } from "../text/textwrap.js";
import { wcswidth } from "./wcwidth.js";

// prettytable 3.6 strips ANSI colour sequences before measuring.
const ANSI = /\x1b\[[0-9;]*m|\x1b\(B/g;

// Printable ASCII (almost every cell) is one column a character: no need to look it up.
const PLAIN = /^[\x20-\x7e]*$/;

const widthOf = (line: string) => (PLAIN.test(line) ? line.length : wcswidth(line.replace(ANSI, "")));

/**
 * Draws a table the way prettytable 3.6 does for python-novaclient (every column left-aligned,
 * frame and header rules, one text line per line of a multi-line cell). Tables reach tens of
 * thousands of rows (nova list --limit -1), so each cell line is measured once.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const columns = headers.length;
  // Every printed line's cells, a multi-line row giving several lines.
  const lines: string[][] = [[...headers]];
  for (const row of rows) {
    const cells = headers.map((_, i) => row[i] ?? "");
    if (!cells.some((c) => c.includes("\n"))) {
      lines.push(cells);
      continue;
    }
    const split = cells.map((c) => c.split("\n"));
    const height = Math.max(...split.map((s) => s.length));
    for (let j = 0; j < height; j++) lines.push(split.map((s) => s[j] ?? ""));
  }
  // wcswidth is -1 for a string with a control character in it, as prettytable's measure is.
  const measured = new Int32Array(lines.length * columns);
  const widths = new Array<number>(columns).fill(0);
  lines.forEach((cells, n) => {
    for (let i = 0; i < columns; i++) widths[i] = Math.max(widths[i]!, (measured[n * columns + i] = widthOf(cells[i]!)));
  });
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const out: string[] = [rule];
  const padded = new Array<string>(columns);
  lines.forEach((cells, n) => {
    for (let i = 0; i < columns; i++) padded[i] = cells[i] + " ".repeat(Math.max(0, widths[i]! - measured[n * columns + i]!));
    // One flat string a line: built up with +=, each line was a rope of some 30 pieces, and
    // 200,000 rows of them took more memory than the parsed reply.
    out.push(`| ${padded.join(" | ")} |`);
    if (n === 0) out.push(rule);
  });
  out.push(rule);
  return out.join("\n");
}

const SURROGATE = /[\ud800-\udfff]/;

/** Python's str < str: by code point (JS compares UTF-16 units, which differ only around surrogates). */
export function comparePython(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** prettytable's sortby: by the sort column, ties by every column left to right; stable. */
export function sortRows(rows: string[][], column: number): string[][] {
  return sortOrder(rows, column).map((n) => rows[n]!);
}

/** The positions of the rows in prettytable's sortby order (sortRows). */
export function sortOrder(rows: readonly (readonly string[])[], column: number): number[] {
  const order = [column, ...(rows[0]?.keys() ?? [])];
  // Without surrogates JS's < already is Python's order: look for them once per row, not per comparison.
  const plain = rows.map((r) => !r.some((c) => SURROGATE.test(c)));
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const indexed = rows.map((row, n) => ({ row, n, plain: plain[n]! }));
  indexed.sort((a, b) => {
    const by = a.plain && b.plain ? compare : comparePython;
    for (const i of order) {
      const d = by(a.row[i] ?? "", b.row[i] ?? "");
      if (d !== 0) return d;
    }
    return 0;
  });
  return indexed.map(({ n }) => n);
}

/** A cell's width: its widest line's. */
const cellWidth = (cell: string) => (cell.includes("\n") ? Math.max(...cell.split("\n").map(widthOf)) : widthOf(cell));

/**
 * cliff's --max-width: when the table's lines would be wider than `maxWidth`, the columns wider
 * than an equal share of it share the room the others leave (each at least `minWidth`), and
 * their cells' longer lines are wrapped with textwrap.fill, as prettytable's max_width does (a
 * column stays as wide as its header, which is never wrapped). The rows to draw are returned.
 */
export function fitTable(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth: number, minWidth: number): (readonly string[])[] {
  const count = headers.length;
  const widest = headers.map((_, i) => rows.reduce((w, row) => Math.max(w, cellWidth(row[i] ?? "")), 0));
  const natural = headers.map((h, i) => Math.max(cellWidth(h), widest[i]!));
  if (natural.reduce((line, w) => line + w + 3, 1) <= maxWidth) return [...rows];
  const usable = Math.max(0, maxWidth - 1 - 3 * count);
  const share = Math.floor(usable / count);
  const shrink = natural.flatMap((w, i) => (w > share ? [i] : []));
  if (shrink.length === 0) return [...rows];
  let room = usable - natural.reduce((sum, w) => (w > share ? sum : sum + w), 0);
  const each = Math.floor(room / shrink.length);
  const widths = [...natural];
  const limit = (i: number, max: number) => (widths[i] = Math.max(cellWidth(headers[i]!), Math.min(widest[i]!, Math.max(minWidth, max))));
  for (const i of shrink.slice(0, -1)) {
    limit(i, each);
    room -= each;
  }
  limit(shrink[shrink.length - 1]!, room);
  return rows.map((row) =>
    row.map((cell, i) =>
      widths[i]! < natural[i]!
        ? cell
            .split("\n")
            .map((line) => (widthOf(line) > widths[i]! ? fill(line, widths[i]!) : line))
            .join("\n")
        : cell,
    ),
  );
}
