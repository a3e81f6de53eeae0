import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";

const OPS_TSV = new URL("../../../shared/nova-api/operations.tsv", import.meta.url).pathname;
const MAP_DIR = new URL("./operation-map/", import.meta.url).pathname;
const REMOVED = new URL("../../spec/removed.yaml", import.meta.url).pathname;

interface Row {
  section: string;
  method: string;
  path: string;
  operation: string;
  reason?: string;
  source: string;
}

const key = (r: { section: string; method: string; path: string }) => `${r.section}\t${r.method}\t${r.path}`;

function mapRows(): Row[] {
  return readdirSync(MAP_DIR)
    .filter((f) => f.endsWith(".tsv"))
    .flatMap((f) =>
      readFileSync(join(MAP_DIR, f), "utf8")
        .split("\n")
        .map((line, i) => [line, i] as const)
        .filter(([line]) => line.trim() && !line.startsWith("#"))
        .map(([line, i]) => {
          const [section, method, path, operation, reason] = line.split("\t") as [string, string, string, string, string?];
          return { section, method, path, operation, reason, source: `${f}:${i + 1}` };
        }),
    );
}

describe("the spec covers the API reference (operations.tsv)", () => {
  const reference = readFileSync(OPS_TSV, "utf8").trim().split("\n").map((l) => l.split("\t").join("\t"));
  const rows = mapRows();
  const removed = (parse(readFileSync(REMOVED, "utf8")) as { section: string; method: string; path: string; reason: string }[]).map(key);

  it("maps every row of operations.tsv exactly once", () => {
    const want = [...reference].sort();
    const have = rows.map(key).sort();
    expect(have).toEqual(want);
  });

  it("names an operation of the spec at that method and path, or says why not", () => {
    const problems: string[] = [];
    for (const r of rows) {
      if (r.operation === "-") {
        if (!r.reason) problems.push(`${r.source}: no reason`);
        continue;
      }
      const op = (operations as Record<string, { method: string; path: string }>)[r.operation];
      if (!op) problems.push(`${r.source}: no operation ${r.operation}`);
      else if (op.method.toUpperCase() !== r.method) problems.push(`${r.source}: ${r.operation} is ${op.method.toUpperCase()}, not ${r.method}`);
    }
    expect(problems).toEqual([]);
  });

  it("lists every removed row in spec/removed.yaml", () => {
    const missing = rows.filter((r) => r.operation === "-" && !removed.includes(key(r))).map((r) => `${r.source}: ${key(r)}`);
    expect(missing).toEqual([]);
  });

  it("prints the coverage", () => {
    const covered = rows.filter((r) => r.operation !== "-").length;
    console.log(`operations.tsv coverage: ${covered}/${reference.length} rows are operations of the spec, ${reference.length - covered} removed APIs (reasons in spec/removed.yaml)`);
    expect(covered + rows.filter((r) => r.operation === "-").length).toBe(reference.length);
  });
});
