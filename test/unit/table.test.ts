import { describe, expect, it } from "vitest";
import { fieldColumn, formatDict, formatList } from "../../src/cli/print.js";
import { renderTable, sortRows } from "../../src/cli/table.js";

const hint = { floats: new Set<string>() };

describe("prettytable rendering", () => {
  it("draws python-novaclient's worked example byte for byte, sorted by a column", () => {
    const rows = [
      { id: "2", name: "web", status: null },
      { id: "10", name: "db-ü", status: "ACTIVE" },
    ];
    const columns = [fieldColumn("ID", "id", hint), fieldColumn("Name", "name", hint), fieldColumn("Status", "status", hint)];
    expect(formatList(rows, columns, 1)).toBe(
      ["+----+------+--------+", "| ID | Name | Status |", "+----+------+--------+", "| 10 | db-ü | ACTIVE |", "| 2  | web  | -      |", "+----+------+--------+"].join("\n"),
    );
  });

  it("counts East Asian characters as two columns and splits multi-line cells", () => {
    expect(renderTable(["ID", "Name"], [["b", "日本語"], ["a", "multi\nline"]])).toBe(
      ["+----+--------+", "| ID | Name   |", "+----+--------+", "| b  | 日本語 |", "| a  | multi  |", "|    | line   |", "+----+--------+"].join("\n"),
    );
  });

  it("sorts by code point as Python does, also where UTF-16 order differs (beyond U+FFFF)", () => {
    // JS compares UTF-16 units: "\u{1D538}" (a surrogate pair, 0xD835…) sorts before "\uFF61". Python: after.
    const rows = [["3", "\u{1D538}"], ["1", "b"], ["2", "\uFF61"], ["4", "a"]];
    expect(sortRows(rows, 1).map((r) => r[0])).toEqual(["4", "1", "2", "3"]);
    expect(sortRows([["2", "x"], ["1", "x"]], 1).map((r) => r[0])).toEqual(["1", "2"]);
  });

  it("prints the header of an empty table", () => {
    expect(renderTable(["ID", "Name"], [])).toBe(["+----+------+", "| ID | Name |", "+----+------+", "+----+------+"].join("\n"));
  });

  it("prints a Property/Value table with sorted keys, JSON dicts and '-' for null", () => {
    expect(formatDict({ name: "web", vcpus: 2, enabled: true, meta: { a: "b" }, note: null }, hint)).toBe(
      [
        "+----------+------------+",
        "| Property | Value      |",
        "+----------+------------+",
        "| enabled  | True       |",
        '| meta     | {"a": "b"} |',
        "| name     | web        |",
        "| note     | -          |",
        "| vcpus    | 2          |",
        "+----------+------------+",
      ].join("\n"),
    );
  });

  it("splits a value on a literal backslash-n into rows, as print_dict does", () => {
    expect(formatDict({ g: "line1\\nline2" }, hint)).toContain("| g        | line1 |\n|          | line2 |");
  });
});
