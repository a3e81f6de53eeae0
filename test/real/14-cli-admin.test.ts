/**
 * The admin commands (hypervisors, services, migrations, limits, usage, the audit log) print
 * what python-novaclient 18.1 prints against the same real cloud and send the same compute
 * requests. Only commands that change nothing run here: other suites share this cloud, and
 * service-disable or host-evacuate would move or strand their servers (the parity files cover
 * those on the sandbox). What others change between the two runs is normalised: times, the
 * uptime clock, request ids.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliResult } from "../cli/run-cli.js";
import { PYTHON_NOVA, type Proxy, expectNoMismatches, nova, pythonNova, startProxy } from "./cloud.js";

const available = existsSync(PYTHON_NOVA);
let proxy: Proxy;

beforeAll(async () => {
  proxy = await startProxy();
});
afterAll(async () => {
  await proxy?.close();
  expectNoMismatches();
});

const normal = (text: string) =>
  text
    .replace(/req-[0-9a-f-]{36}/g, "req-X")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?/g, "<time>")
    .replace(/ \d\d:\d\d:\d\d up /g, " <clock> up ");

async function traced(run: () => Promise<CliResult>): Promise<CliResult & { requests: string[] }> {
  const before = proxy.requests.length;
  const result = await run();
  const requests = proxy.requests.slice(before).map((r) => `${r.method} ${normal(r.path)} ${r.status}`);
  return { ...result, stdout: normal(result.stdout), stderr: normal(result.stderr), requests };
}

const v = (version: string) => ["--os-compute-api-version", version];

const commands: string[][] = [
  ["hypervisor-list"],
  ["hypervisor-list", "--limit", "1"],
  ["hypervisor-list", "--matching", "realcloud"],
  [...v("2.40"), "hypervisor-list", "--matching", "realcloud"],
  ["hypervisor-list", "--matching", "nope"],
  ["hypervisor-show", "realcloud"],
  [...v("2.52"), "hypervisor-show", "nope"],
  [...v("2.52"), "hypervisor-uptime", "realcloud"],
  ["hypervisor-stats"],
  ["service-list", "--binary", "nova-compute"],
  ["service-list", "--host", "realcloud", "--binary", "nova-scheduler"],
  [...v("2.10"), "service-list", "--binary", "nova-conductor"],
  ["service-enable", "00000000-0000-4000-8000-000000000000"],
  ["service-delete", "00000000-0000-4000-8000-000000000000"],
  ["migration-list", "--status", "no-such-status"],
  ["migration-list", "--changes-since", "yesterday"],
  [...v("2.1"), "migration-list", "--status", "no-such-status"],
  ["limits", "--reserved"],
  ["usage", "--start", "2020-01-01", "--end", "2020-01-02"],
  ["usage-list", "--start", "2020-01-01", "--end", "2020-01-02"],
  [...v("2.39"), "usage-list", "--start", "2020-01-01", "--end", "2020-01-02"],
  ["instance-usage-audit-log"],
  ["instance-usage-audit-log", "--before", "2026-01-15 00:00:00"],
];

describe.skipIf(!available)("admin commands: same output and requests as python-novaclient 18.1 on the real cloud", () => {
  for (const args of commands) {
    it(`nova ${args.join(" ")}`, async () => {
      // stdout, stderr, exit status and the compute requests, all at once.
      const python = await traced(() => pythonNova(proxy, args));
      expect(await traced(() => nova(proxy, args))).toEqual(python);
    });
  }
});

it.runIf(!available)("python-novaclient is not installed: the admin parity suite is skipped", () => {
  expect(existsSync(PYTHON_NOVA)).toBe(false);
});
