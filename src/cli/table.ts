import { wcswidth } from "./wcwidth.js";

// prettytable 3.6 strips ANSI colour sequences before measuring.
const ANSI = /\x1b\[[0-9;]*m|\x1b\(B/g;

// Printable ASCII (almost every cell) is one column a character: no need to look it up.
const PLAIN = /^[\x20-\x7e]*$/;

const widthOf = (line: string) => (PLAIN.test(line) ? line.length : wcswidth(line.replace(ANSI, "")));

/** Pads to a display width; a control character makes the width -1, overshooting like prettytable. */
const ljust = (text: string, width: number) => text + " ".repeat(Math.max(0, width - widthOf(text)));

/**
 * Draws a table the way prettytable 3.6 does for python-novaclient (every column left-aligned,
 * frame and header rules, one text line per line of a multi-line cell).
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(widthOf(h), ...rows.flatMap((r) => (r[i] ?? "").split("\n").map(widthOf))));
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const line = (cells: readonly string[]) => `|${cells.map((c, i) => ` ${ljust(c, widths[i]!)} `).join("|")}|`;
  const out = [rule, line(headers), rule];
  for (const row of rows) {
    const split = row.map((c) => c.split("\n"));
    const height = Math.max(...split.map((s) => s.length));
    for (let i = 0; i < height; i++) out.push(line(split.map((s) => s[i] ?? "")));
  }
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
  return [...rows].sort((a, b) => {
    for (const i of [column, ...a.keys()]) {
      const d = comparePython(a[i] ?? "", b[i] ?? "");
      if (d !== 0) return d;
    }
    return 0;
  });
}
