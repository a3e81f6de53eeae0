import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parseVersion } from "../../src/core/version.js";
import type { Direction, SpecValidator } from "../../src/spec/validator.js";

export const SAMPLES_DIR = new URL("../../../shared/nova-api/api_samples/", import.meta.url).pathname;
export const MAP_DIR = new URL("./sample-map/", import.meta.url).pathname;

/** One line of a sample map: a sample file and the operation (and direction) it is a body of. */
export interface SampleEntry {
  sample: string;
  operation: string;
  direction: Direction;
  /** Why a sample has no operation (operation "-"). */
  reason?: string;
  source: string;
}

export function allSamples(dir = SAMPLES_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".json")) out.push(relative(dir, join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads every map file: `sample<TAB>operationId<TAB>request|<status>` or `sample<TAB>-<TAB>reason`. */
export function readMaps(dir = MAP_DIR): SampleEntry[] {
  const entries: SampleEntry[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tsv")).sort()) {
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (!line.trim() || line.startsWith("#")) return;
        const [sample, operation, third] = line.split("\t");
        const source = `${file}:${i + 1}`;
        if (!sample || !operation || third === undefined) throw new Error(`${source}: expected three tab-separated columns`);
        if (operation === "-") entries.push({ sample, operation, direction: "request", reason: third, source });
        else entries.push({ sample, operation, direction: third === "request" ? "request" : { status: Number(third) }, source });
      });
  }
  return entries;
}

/** The microversion a sample shows: its v2.N folder, or 2.1. */
export function versionOf(sample: string): string {
  return /(?:^|\/)v(2\.\d+)\//.exec(sample)?.[1] ?? "2.1";
}

export interface SampleReport {
  validated: string[];
  failures: { entry: SampleEntry; problems: string[] }[];
  unmatched: { sample: string; reason: string }[];
  total: number;
}

/** Validates every mapped sample against its operation's schema at the sample's microversion. */
export function checkSamples(validator: SpecValidator, entries: SampleEntry[], samples = allSamples()): SampleReport {
  const report: SampleReport = { validated: [], failures: [], unmatched: [], total: samples.length };
  const bySample = new Map<string, SampleEntry>();
  for (const e of entries) {
    if (bySample.has(e.sample)) throw new Error(`${e.source}: ${e.sample} is mapped twice (also ${bySample.get(e.sample)!.source})`);
    bySample.set(e.sample, e);
  }
  const known = new Set(validator.operationIds());
  for (const sample of samples) {
    const entry = bySample.get(sample);
    if (!entry) {
      report.unmatched.push({ sample, reason: "not in any test/spec/sample-map/*.tsv" });
      continue;
    }
    if (entry.operation === "-") {
      report.unmatched.push({ sample, reason: entry.reason ?? "" });
      continue;
    }
    if (!known.has(entry.operation)) {
      report.failures.push({ entry, problems: [`the spec has no operation ${entry.operation}`] });
      continue;
    }
    const body = JSON.parse(readFileSync(join(SAMPLES_DIR, sample), "utf8")) as unknown;
    const problems = validator.validate(entry.operation, entry.direction, parseVersion(versionOf(sample)), body);
    if (problems.length) report.failures.push({ entry, problems: problems.map((p) => `${p.field}: ${p.message}`) });
    else report.validated.push(sample);
  }
  for (const e of entries) if (!samples.includes(e.sample)) report.failures.push({ entry: e, problems: ["no such sample file"] });
  return report;
}
