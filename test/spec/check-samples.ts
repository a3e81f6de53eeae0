/**
 * Checks samples against a spec without regenerating: bundles the given root and validates
 * the mapped samples. Usage: npx tsx test/spec/check-samples.ts [--root spec/openapi.yaml] [--only <area prefix>]
 */
import { parseArgs } from "node:util";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { SpecValidator, type SpecDocument } from "../../src/spec/validator.js";
import { allSamples, checkSamples, readMaps } from "./samples.js";

const { values } = parseArgs({ options: { root: { type: "string", default: "spec/openapi.yaml" }, only: { type: "string" } } });
const doc = (await bundleSpec(values.root)) as unknown as SpecDocument;
const samples = allSamples().filter((s) => !values.only || s.startsWith(values.only));
const report = checkSamples(new SpecValidator(doc), readMaps().filter((e) => samples.includes(e.sample)), samples);
for (const f of report.failures) console.log(`FAIL ${f.entry.sample} (${f.entry.operation}, ${f.entry.source}):\n    ${f.problems.join("\n    ")}`);
for (const u of report.unmatched) console.log(`unmatched ${u.sample}: ${u.reason}`);
console.log(`validated ${report.validated.length}/${report.total} samples, ${report.failures.length} failing, ${report.unmatched.length} unmatched`);
process.exit(report.failures.length ? 1 : 0);
