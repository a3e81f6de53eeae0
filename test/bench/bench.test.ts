import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;

// Benchmarks are not timed here: this runs the suite once on tiny inputs so it cannot rot.
it("npm run bench runs end to end and writes both result files", { timeout: 120_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), "nova-ts-bench-test-"));
  try {
    await promisify(execFile)(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "bench/run.ts"), "--quick", "--out", out], { cwd: ROOT });
    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8")) as { rows: { name: string; novaTs: number }[]; requests: { command: string; ok: boolean }[]; machine: { cores: number } };
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "nova flavor-list: wall time",
        "nova --version: wall time",
        "nova boot --poll: wall time",
        "nova --os-cache flavor-list (token cached): wall time",
        'client.GET("/flavors/detail"): requests per second',
        "npm run generate (whole spec)",
        "tsc on a 200-line program, client pinned to 2.79",
      ]),
    );
    expect(results.rows.some((r) => /^nova flavor-list \(one \d+ MB reply\): peak memory$/.test(r.name))).toBe(true);
    for (const row of results.rows) expect(row.novaTs, row.name).toBeGreaterThan(0);
    expect(results.requests.every((r) => r.ok)).toBe(true);
    // One row a measured command: the same words against two clouds are two rows, named apart.
    const commands = results.requests.map((r) => r.command);
    expect(new Set(commands).size).toBe(commands.length);
    expect(await readFile(join(out, "results.md"), "utf8")).toContain("| benchmark | nova-ts | baseline | ratio | goal | met |");
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
