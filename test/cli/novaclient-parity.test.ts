import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { PYTHON_NOVA, hasPythonNova, pythonNova } from "./python-nova.js";
import { type CliResult, adminEnv, nova } from "./run-cli.js";

const available = hasPythonNova;

let cloud: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  // Nova 26's range, so python-novaclient (max 2.92) and nova-ts (max 2.104) see the same shapes.
  cloud = await startSandbox({ maxVersion: "2.93" });
  env = { ...adminEnv(cloud.authUrl), NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" };
});
afterAll(() => cloud?.close());

/** Runs a command and returns its output plus the compute requests it made (Keystone left out). */
async function traced(run: () => Promise<CliResult>): Promise<CliResult & { requests: string[] }> {
  const before = cloud.requests.length;
  const result = await run();
  const requests = cloud.requests.slice(before).filter((r) => !r.includes("/identity/"));
  const normal = (text: string) => text.replace(/req-[0-9a-f-]{36}/g, "req-X").replace(/^Maximum version 2\.\d+$/m, "Maximum version <client max>");
  return { ...result, stdout: normal(result.stdout), stderr: normal(result.stderr), requests };
}

const COMMANDS = [
  ["flavor-list"],
  ["flavor-list", "--all", "--extra-specs"],
  ["flavor-list", "--marker", "2", "--min-disk", "10", "--min-ram", "512", "--limit", "2", "--sort-key", "name", "--sort-dir", "desc"],
  ["flavor-list", "--min-disk", "0", "--limit", "0"],
  ["flavor-show", "m1.small"],
  ["flavor-show", "1"],
  ["flavor-show", "m1small"],
  ["flavor-show", "nope"],
  ["flavor-access-list", "--flavor", "m1.tiny"],
  ["list"],
  ["list", "--minimal"],
  ["list", "--all-tenants"],
  ["list", "--name", "web", "--status", "ACTIVE"],
  ["list", "--limit", "1", "--sort", "display_name:asc"],
  ["list", "--fields", "name,status,networks,flavor:original_name"],
  ["list", "--image", "cirros", "--flavor", "m1.tiny"],
  ["list", "--image", "70a599e0-31e7-49b7-b260-868f441e862b"],
  ["list", "--image", "no such image&x"],
  ["list", "--image", "11111111-2222-3333-4444-555555555555"],
  ["show", "web-1"],
  ["show", "9168b536-cd40-4630-b43f-b259807c6e87"],
  ["show", "--minimal", "web-1"],
  ["show", "--wrap", "20", "web-1"],
  ["show", "--wrap", "1", "--minimal", "web-1"],
  ["show", "nope"],
  ["version-list"],
  ["delete", "nope", "nöpe's \"x\""],
  ["--os-compute-api-version", "2.40", "flavor-list"],
  ["--os-compute-api-version", "2.40", "show", "web-1"],
  ["--os-compute-api-version", "2", "flavor-list"],
  ["--os-compute-api-version", "2.0", "show", "web-1"],
  ["--os-compute-api-version", "3.0", "flavor-list"],
  ["--os-compute-api-version", "abc", "flavor-list"],
  ["--os-region-name", "Nowhere", "flavor-list"],
  ["--service-type", "bogus", "flavor-list"],
  ["--os-endpoint-type", "internal", "--os-region-name", "X", "flavor-list"],
  ["list", "--fields", "name,flavor,image"],
  ["--os-compute-api-version", "2.46", "list", "--fields", "name,flavor"],
];

describe.skipIf(!available)("same output and requests as python-novaclient 18.1", () => {
  for (const args of COMMANDS) {
    it(`nova ${args.join(" ")}`, async () => {
      const python = await traced(() => pythonNova(args, env));
      const ours = await traced(() => nova(args, env));
      expect(ours.stdout).toBe(python.stdout);
      expect(ours.stderr).toBe(python.stderr);
      expect(ours.code).toBe(python.code);
      // python-novaclient discovers Keystone's versions first (GET /identity/v3): we know v3, so we skip it.
      expect(ours.requests).toEqual(python.requests);
    });
  }

  // Usage errors: argparse's usage line, its wording and the hint, exit 2. python-novaclient
  // authenticates and discovers versions before it parses a command's arguments; nova-ts asks
  // Nova for nothing.
  const USAGE_ERRORS = [
    ["flavor-key", "m1.tiny"],
    ["flavor-key", "m1.tiny", "bogus", "a=b"],
    ["flavor-list", "--limit", "abc"],
    ["flavor-list", "--marker"],
    ["flavor-create", "x"],
    ["flavor-create", "--is-public", "maybe", "x", "auto", "64", "1", "1"],
    ["delete"],
    ["show", "--wrap", "x", "web-1"],
    ["list", "--limit"],
    ["quota-delete"],
  ];
  for (const args of USAGE_ERRORS) {
    it(`nova ${args.join(" ")} (usage error)`, async () => {
      const python = await pythonNova(args, env);
      const ours = await traced(() => nova(args, env));
      expect(ours.stderr).toBe(python.stderr);
      expect(ours.stdout).toBe(python.stdout);
      expect([ours.code, python.code]).toEqual([2, 2]);
      expect(ours.requests).toEqual([]);
    });
  }

  it("usage errors wrap at $COLUMNS as argparse wraps them", async () => {
    for (const columns of ["20", "30", "50"]) {
      for (const args of [["list", "--limit"], ["flavor-create", "x"], ["flavor-key", "x"]]) {
        const narrow = { ...env, COLUMNS: columns };
        const python = await pythonNova(args, narrow);
        const ours = await nova(args, narrow);
        expect(ours.stderr, `COLUMNS=${columns} nova ${args.join(" ")}`).toBe(python.stderr);
        expect(ours.code).toBe(2);
      }
    }
  });

  it("nova list --limit -1 and --fields walk every page of a big cloud the same way", async () => {
    // 2,345 servers: pages of 1,000 (Nova's max_limit), a short one, then the empty one.
    const big = await startSandbox({ maxVersion: "2.93", servers: 2345 });
    try {
      const bigEnv = { ...adminEnv(big.authUrl), NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" };
      for (const args of [["list", "--limit", "-1"], ["list", "--limit", "-1", "--minimal"], ["list", "--limit", "-1", "--fields", "name,status,flavor:vcpus"]]) {
        const walk = async (run: () => Promise<CliResult>) => {
          const before = big.requests.length;
          const result = await run();
          return { ...result, requests: big.requests.slice(before).filter((r) => !r.includes("/identity/")) };
        };
        const python = await walk(() => pythonNova(args, bigEnv));
        const ours = await walk(() => nova(args, bigEnv));
        expect(ours.stdout).toBe(python.stdout);
        const admins = [...big.state.servers.values()].filter((s) => s.project_id === big.state.users[0]!.project.id);
        expect(ours.stdout.split("\n").length).toBe(admins.length + 5);
        expect(ours.requests).toEqual(python.requests);
        expect(ours.requests.filter((r) => /\/servers(\/detail)?(\?|$)/.test(r))).toHaveLength(4);
      }
    } finally {
      await big.close();
    }
  });

  it("flavor-create, flavor-update and flavor-delete", async () => {
    const transcripts: string[] = [];
    for (const [name, id, run] of [
      ["py.flavor", "91", (args: string[]) => pythonNova(args, env)],
      ["ts.flavor", "92", (args: string[]) => nova(args, env)],
    ] as const) {
      const steps = [
        ["flavor-create", "--ephemeral", "5", "--swap", "256", "--rxtx-factor", "2.0", "--is-public", "false", "--description", "d", name, id, "128", "1", "2"],
        ["flavor-update", name, "new description"],
        ["flavor-key", name, "set", "a=b"],
        ["flavor-access-add", name, "proj-x"],
        ["flavor-delete", name],
      ];
      let text = "";
      for (const step of steps) {
        const r = await traced(() => run(step));
        text += `${r.code}\n${r.stdout}${r.stderr}${r.requests.join("\n")}\n`;
      }
      transcripts.push(text.replaceAll(name, "NAME").replaceAll(id, "ID"));
    }
    expect(transcripts[1]).toBe(transcripts[0]);
    expect(transcripts[0]).toMatch(/\| ID +\| NAME +\| 128 +\| 1 +\| 5 +\| 256 +\| 2 +\| 2\.0 +\| False +\| d +\|/);
  });
});

it.runIf(!available)("python-novaclient is not installed: the parity suite is skipped (apt-get install python3-novaclient)", () => {
  expect(existsSync(PYTHON_NOVA)).toBe(false);
});
