/**
 * One server's whole life through the CLI on the real cloud, python-novaclient and nova-ts side by
 * side: each drives its own server through the same steps, and every step's output (ids, times,
 * names and generated passwords normalised) must be the same. Both go through the recording
 * proxy, so every reply is also checked against the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NovaClient, isNotFound } from "../../src/index.js";
import type { CliResult } from "../cli/run-cli.js";
import { PYTHON_NOVA, type Proxy, RUN, connect, deleteImage, expectNoMismatches, glanceImages, nova, pythonNova, startProxy, waitFor } from "./cloud.js";
import { existsSync } from "node:fs";

const available = existsSync(PYTHON_NOVA);
const PY = `${RUN}-life-py`;
const TS = `${RUN}-life-ts`;

let proxy: Proxy;
let admin: NovaClient;
beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
});
afterAll(async () => {
  for (const name of [PY, TS]) {
    const found = await admin.servers.find(name).catch(() => undefined);
    if (found) await admin.servers.delete({ server_id: found.id }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  }
  for (const image of await glanceImages()) if (image.name.startsWith(`${RUN}-snap`)) await deleteImage(image.id);
  await proxy?.close();
  expectNoMismatches();
});

/** What differs between two runs by nature: ids, times, the two names, generated secrets. */
function normaliser(): (text: string) => string {
  const ids = new Map<string, string>();
  return (text) =>
    text
      .replaceAll(PY, "<server>")
      .replaceAll(TS, "<server>")
      .replace(new RegExp(`${RUN}-snap-(py|ts)`, "g"), "<snapshot>")
      .replace(/req-[0-9a-f-]{36}/g, "req-X")
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, (id) => {
        if (!ids.has(id)) ids.set(id, `<id${ids.size + 1}>`);
        return ids.get(id)!;
      })
      .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/g, "<time>")
      .replace(/instance-[0-9a-f]{8}/g, "instance-X")
      .replace(/r-[0-9a-z]{8}/g, "r-X")
      .replace(/(\| adminPass +\| )\S+/g, "$1<password>")
      .replace(/(\rServer [a-z_]+\.\.\. \d+% complete)+/g, "<progress>");
}

/** The status each step leaves the server in (waited for before the next step). */
const STEPS: { args: (name: string) => string[]; then?: string }[] = [
  { args: (n) => ["boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none", "--meta", "life=1", "--poll", n], then: "ACTIVE" },
  { args: (n) => ["stop", n], then: "SHUTOFF" },
  { args: (n) => ["start", n], then: "ACTIVE" },
  { args: (n) => ["pause", n], then: "PAUSED" },
  { args: (n) => ["unpause", n], then: "ACTIVE" },
  { args: (n) => ["suspend", n], then: "SUSPENDED" },
  { args: (n) => ["resume", n], then: "ACTIVE" },
  { args: (n) => ["reboot", n], then: "ACTIVE" },
  { args: (n) => ["resize", n, "m1.small"], then: "VERIFY_RESIZE" },
  { args: (n) => ["resize-confirm", n], then: "ACTIVE" },
  { args: (n) => ["resize", n, "m1.tiny"], then: "VERIFY_RESIZE" },
  { args: (n) => ["resize-revert", n], then: "ACTIVE" },
  { args: (n) => ["rebuild", n, "cirros"], then: "ACTIVE" },
  // Without --poll: the fake virt driver uploads no data, so the snapshot stays queued in Glance.
  { args: (n) => ["image-create", n, n.replace("-life-", "-snap-")], then: "ACTIVE" },
  { args: (n) => ["shelve", n], then: "SHELVED_OFFLOADED" },
  { args: (n) => ["unshelve", n], then: "ACTIVE" },
  { args: (n) => ["rescue", n], then: "RESCUE" },
  { args: (n) => ["unrescue", n], then: "ACTIVE" },
  { args: (n) => ["show", n] },
  { args: (n) => ["delete", n] },
];

describe.skipIf(!available)("a server's whole life from the CLI, as python-novaclient prints it", () => {
  const pyNormal = normaliser();
  const tsNormal = normaliser();
  const same = (python: CliResult, ours: CliResult) => {
    expect(tsNormal(ours.stdout)).toBe(pyNormal(python.stdout));
    expect(tsNormal(ours.stderr)).toBe(pyNormal(python.stderr));
    expect(ours.code).toBe(python.code);
  };
  const settled = async (name: string, status: string) => {
    const { id } = await admin.servers.find(name);
    await waitFor(`${name} to be ${status}`, async () => (await admin.servers.get({ server_id: id })).server, (s) => s.status === status && !s["OS-EXT-STS:task_state"], 120);
  };

  for (const step of STEPS) {
    it(`nova ${step.args("<server>").join(" ")}`, async () => {
      // Each drives its own server, so both run at once (CI's time is counted).
      const [python, ours] = await Promise.all([pythonNova(proxy, step.args(PY)), nova(proxy, step.args(TS))]);
      same(python, ours);
      if (step.then) await Promise.all([settled(PY, step.then), settled(TS, step.then)]);
    });
  }
});
