import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, runProgram } from "../cli/run-cli.js";

const run = promisify(execFile);
const ROOT = new URL("../..", import.meta.url).pathname;
const TSX = join(ROOT, "node_modules/.bin/tsx");

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "nova-ts-gen-"));
  for (const dir of ["spec", "scripts", "src", "generated", "test/types"]) await cp(join(ROOT, dir), join(work, dir), { recursive: true });
  for (const file of ["package.json", "tsconfig.json"]) await cp(join(ROOT, file), join(work, file));
  await symlink(join(ROOT, "node_modules"), join(work, "node_modules"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("npm run check:generated", () => {
  it("passes when generated/ matches the spec", async () => {
    const { stdout } = await run(TSX, ["scripts/generate.ts", "--check"], { cwd: work });
    expect(stdout).toContain("generated/ is up to date");
  });

  it("fails, naming the file, when a generated file was edited by hand", async () => {
    const file = join(work, "generated/commands.ts");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace('"flavor-show"', '"flavor-shown"'));
    const err = (await run(TSX, ["scripts/generate.ts", "--check"], { cwd: work }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("generated/ is out of date with spec/: commands.ts");
    await writeFile(file, original);
  });
});

// The seed's story: one edit to the spec, one `npm run generate`, and the typed method and the
// CLI command exist. Here the new API is a made-up extension, GET /servers/{id}/quick-stats.
const AREA = `# A made-up extension for the regenerate test.
quick-stats:
  parameters:
    - $ref: "./servers.yaml#/parameters/server_id"
  get:
    operationId: showServerQuickStats
    summary: Quick statistics of a server (test extension)
    x-helper: servers.quickStats
    responses:
      "200":
        description: The statistics.
        content:
          application/json:
            schema:
              type: object
              required: [quick_stats]
              additionalProperties: false
              properties:
                quick_stats:
                  type: object
                  additionalProperties: false
                  required: [cpu_percent, uptime]
                  properties:
                    cpu_percent: { type: number }
                    uptime: { type: integer }
              examples:
                - { quick_stats: { cpu_percent: 12.5, uptime: 3600 } }
    x-cli:
      command: quick-stats
      help: Show quick statistics of a server.
      args:
        - { name: server, metavar: <server>, help: Name or ID of server., to: path.server_id, find: servers }
      output: { kind: properties, from: quick_stats }
`;

describe("adding an API is one spec edit and npm run generate", () => {
  // The whole pipeline on a copy (generate, tsc, the CLI bundle): CPU-bound, and it shares the
  // machine with another test file, so it gets more than the default 30 s.
  it("gives a typed method and a working nova command", { timeout: 120_000 }, async () => {
    await writeFile(join(work, "spec/quick-stats.yaml"), AREA);
    const root = await readFile(join(work, "spec/openapi.yaml"), "utf8");
    await writeFile(join(work, "spec/openapi.yaml"), root.replace("components:", '  /servers/{server_id}/quick-stats:\n    $ref: "./quick-stats.yaml#/quick-stats"\ncomponents:'));
    await run(TSX, ["scripts/generate.ts"], { cwd: work });

    // The typed method: this file only type-checks if servers.quickStats exists with that shape.
    await writeFile(
      join(work, "test/types/quick-stats.ts"),
      `import type { NovaClient } from "../../src/index.js";\ndeclare const nova: NovaClient;\nconst r = await nova.servers.quickStats({ server_id: "x" });\nconst n: number = r.quick_stats.cpu_percent;\n// @ts-expect-error the server id is required\nawait nova.servers.quickStats({});\nexport { n };\n`,
    );
    await run(join(ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: work });

    // The command, against the sandbox built from the same regenerated tree.
    const sandbox = await new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
      const child = execFile(TSX, ["src/sandbox/main.ts"], { cwd: work });
      child.stdout!.on("data", (d: Buffer) => {
        const url = /OS_AUTH_URL=(\S+)/.exec(d.toString())?.[1];
        if (url) resolve({ url, stop: () => child.kill() });
      });
      child.on("error", reject);
    });
    try {
      const r = await runProgram(TSX, [join(work, "src/cli/main.ts"), "quick-stats", "web-1"], adminEnv(sandbox.url));
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(
        ["+-------------+-------+", "| Property    | Value |", "+-------------+-------+", "| cpu_percent | 12.5  |", "| uptime      | 3600  |", "+-------------+-------+", ""].join("\n"),
      );
      const help = await runProgram(TSX, [join(work, "src/cli/main.ts"), "--help"], {});
      expect(help.stdout).toContain("Show quick statistics of a server.");
    } finally {
      sandbox.stop();
    }
  });
});
