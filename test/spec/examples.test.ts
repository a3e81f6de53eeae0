import { describe, expect, it } from "vitest";
import { type OperationSpec, microversions, operations } from "../../generated/operations.js";
import { parseVersion } from "../../src/core/version.js";
import { loadValidator } from "../../src/spec/validator.js";

type Schema = { examples?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[] };

describe("the sandbox's canned replies (spec examples) are valid replies", async () => {
  const validator = await loadValidator();
  it("every example validates at its operation's highest microversion", () => {
    const problems: string[] = [];
    // An action endpoint's own entry only gathers its actions' replies; each action is checked.
    const actionEndpoints = new Set(Object.keys(operations).filter((id) => id.includes(".")).map((id) => id.split(".")[0]));
    for (const [id, op] of Object.entries(operations) as [string, OperationSpec][]) {
      if (actionEndpoints.has(id) || op.removed) continue;
      const version = parseVersion(op.max ?? microversions.max);
      for (const { status } of validator.successReplies(id, version)) {
        const raw = validator.schemaOf(id, { status }) as Schema | undefined;
        const s = validator.resolve(raw) as Schema | undefined;
        const branches = [...(s?.anyOf ?? []), ...(s?.oneOf ?? [])];
        const examples = [...(raw?.examples ?? []), ...(s?.examples ?? []), ...branches.flatMap((b) => [...(b.examples ?? []), ...((validator.resolve(b) as Schema).examples ?? [])])];
        for (const example of examples) {
          const found = validator.validate(id, { status }, version, example);
          if (found.length) problems.push(`${id} ${status} at ${op.max ?? microversions.max}: ${found.map((p) => `${p.field} ${p.message}`).join("; ")}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
