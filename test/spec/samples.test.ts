import { describe, expect, it } from "vitest";
import { loadValidator } from "../../src/spec/validator.js";
import { checkSamples, readMaps } from "./samples.js";

describe("every Nova api_sample validates against the spec at its microversion", async () => {
  const report = checkSamples(await loadValidator(), readMaps());

  it("validates all mapped samples, and says why the others match no operation", () => {
    console.log(`validated ${report.validated.length}/${report.total} samples`);
    for (const u of report.unmatched) console.log(`  unmatched ${u.sample}: ${u.reason}`);
    expect(report.failures.map((f) => `${f.entry.sample} (${f.entry.operation}): ${f.problems.join("; ")}`)).toEqual([]);
    expect(report.unmatched.filter((u) => u.reason.startsWith("not in any"))).toEqual([]);
  });
});
