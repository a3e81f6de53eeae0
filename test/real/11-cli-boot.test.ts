/**
 * boot and its neighbours (update, meta, rebuild, image-create, backup, get/clear/set-password,
 * ssh) against the real cloud, run by python-novaclient 18.1 and by ours on a server each: the
 * same output once the made-up parts are normalised (ids, times, names, the cloud's timing of
 * a build), and the same compute requests.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NovaClient, isNotFound } from "../../src/index.js";
import type { CliResult } from "../cli/run-cli.js";
import { PYTHON_NOVA, type Proxy, RUN, connect, expectNoMismatches, glanceImages, keystoneToken, nova, pythonNova, startProxy, waitFor } from "./cloud.js";

const available = existsSync(PYTHON_NOVA);
let proxy: Proxy;
let admin: NovaClient;
const NAMES = { py: `${RUN}-boot-py`, ts: `${RUN}-boot-ts` };

/** Rows whose values depend on how far the cloud got (a build, a rebuild) or on the server itself. */
const VOLATILE = /^\| (status|OS-EXT-STS:\w+|OS-EXT-SRV-ATTR:(host|hypervisor_hostname|instance_name|reservation_id|hostname)|OS-EXT-AZ:availability_zone|OS-SRV-USG:launched_at|hostId|host_status|progress|updated|created|adminPass) +\|.*\|$/gm;

function normal(text: string, name: string): string {
  return text
    .replaceAll(name, "NAME")
    .replace(VOLATILE, (row) => row.replace(/\|([^|]*)\|$/, "| <volatile> |"))
    .replace(/req-[0-9a-f-]{36}/g, "req-X")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, "<time>")
    .replace(/ +\|/g, " |")
    .replace(/-+\+/g, "-+")
    .replace(/(\r?Server (building|rebuilding|snapshotting)\.\.\. \d+% complete)+/g, "<progress>");
}

async function transcript(run: (args: string[]) => Promise<CliResult>, name: string, steps: string[][]): Promise<{ text: string; requests: string }> {
  let text = "";
  let requests = "";
  for (const step of steps) {
    const before = proxy.requests.length;
    const r = await run(step.map((w) => w.replace("NAME", name)));
    text += `$ nova ${step.join(" ")}\n${r.code}\n${normal(r.stdout, name)}${normal(r.stderr, name)}`;
    const sent = proxy.requests.slice(before).map((q) => normal(`${q.method} ${q.path} ${q.status}`, name));
    // How many times --poll asks depends on how fast the cloud builds: a run of the same GET is one.
    const asked = step.includes("--poll") ? sent.filter((line, i) => line !== sent[i - 1]) : sent;
    requests += `$ nova ${step.join(" ")}\n${asked.join("\n")}\n`;
  }
  return { text, requests };
}

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  await keystoneToken("admin");
  expect((await glanceImages()).some((i) => i.name === "cirros")).toBe(true);
});
afterAll(async () => {
  for (const name of Object.values(NAMES)) {
    for (const s of (await admin.servers.list({ name: `^${name}` } as never)).servers) {
      await admin.servers.delete({ server_id: s.id }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
      await waitFor(`${s.name} to be gone`, () => admin.servers.get({ server_id: s.id }).then(() => false, (e: unknown) => (isNotFound(e) ? true : Promise.reject(e))), (g) => g, 60);
    }
  }
  await proxy?.close();
  expectNoMismatches();
});

describe.skipIf(!available)("boot and its neighbours print and send what python-novaclient 18.1 does on the real cloud", () => {
  const runs: Record<string, { text: string; requests: string }> = {};
  const steps = [
    ["boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none", "--admin-pass", "Pa55word", "--meta", "role=boot", "--description", "first", "--poll", "NAME"],
    ["update", "NAME", "--description", "second"],
    ["meta", "NAME", "set", "a=1", "b=2"],
    ["meta", "NAME", "delete", "a"],
    ["rebuild", "NAME", "cirros", "--rebuild-password", "Pa55word", "--poll"],
    ["get-password", "NAME"],
    ["clear-password", "NAME"],
    ["ssh", "NAME"],
    ["boot", "--flavor", "m1.tiny", "--image", "nope", "NAME-x"],
    ["boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "auto,none", "NAME-x"],
  ];
  it("python-novaclient's run", async () => {
    runs.py = await transcript((args) => pythonNova(proxy, args), NAMES.py, steps);
  }, 600_000);
  it("ours: the same output", async () => {
    runs.ts = await transcript((args) => nova(proxy, args), NAMES.ts, steps);
    expect(runs.ts.text).toBe(runs.py!.text);
    expect(runs.py!.text).toMatch(/\| metadata +\| \{"role": "boot"\} \|/);
  }, 600_000);
  it("... and the same compute requests", () => {
    expect(runs.ts!.requests).toBe(runs.py!.requests);
  });
});

it.runIf(!available)("python-novaclient is not installed: the boot parity suite is skipped", () => {
  expect(existsSync(PYTHON_NOVA)).toBe(false);
});
