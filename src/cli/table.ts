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
  const order = [column, ...(rows[0]?.keys() ?? [])];
  // Without surrogates JS's < already is Python's order: look for them once per row, not per comparison.
  const plain = rows.map((r) => !r.some((c) => SURROGATE.test(c)));
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const indexed = rows.map((row, n) => ({ row, plain: plain[n]! }));
  indexed.sort((a, b) => {
    const by = a.plain && b.plain ? compare : comparePython;
    for (const i of order) {
      const d = by(a.row[i] ?? "", b.row[i] ?? "");
      if (d !== 0) return d;
    }
    return 0;
  });
  return indexed.map(({ row }) => row);
}
