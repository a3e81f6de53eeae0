/**
 * The foundation commands print exactly what python-novaclient 18.1 prints against the same
 * real cloud, and send the same compute requests. Both go through the recording proxy, so
 * python-novaclient's replies are checked against the spec too.
 * Known deliberate differences (as in test/cli/novaclient-parity.test.ts): the "Maximum version"
 * line of version-list is each client's own range.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NovaClient, isNotFound } from "../../src/index.js";
import type { CliResult } from "../cli/run-cli.js";
import { PYTHON_NOVA, type Proxy, RUN, connect, expectNoMismatches, glanceImages, keystoneToken, nova, pythonNova, startProxy, tracedRun, waitFor, expectSameAsPython } from "./cloud.js";

const available = existsSync(PYTHON_NOVA);

let proxy: Proxy;
let admin: NovaClient;
let server: string;
let demoProject: string;
const SERVER = `${RUN}-parity`;
const PRIVATE = `${RUN}-parity-private`;

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  demoProject = (await keystoneToken("demo")).projectId;
  if (!available) return;
  const cirros = (await glanceImages()).find((i) => i.name === "cirros")!.id;
  const created = (await admin.servers.create({ body: { server: { name: SERVER, imageRef: cirros, flavorRef: "1", networks: "none", metadata: { role: "parity" } } } as never })) as { server: { id: string } };
  server = created.server.id;
  await admin.flavors.create({ body: { flavor: { name: PRIVATE, id: PRIVATE, ram: 64, vcpus: 1, disk: 0, "os-flavor-access:is_public": false } } });
  await admin.flavorAccess.add({ flavor_id: PRIVATE, body: { tenant: demoProject } });
  await waitFor("the parity server to be ACTIVE", async () => (await admin.servers.get({ server_id: server })).server, (s) => s.status === "ACTIVE" && !s["OS-EXT-STS:task_state"], 60);
});
afterAll(async () => {
  const quiet = (p: Promise<unknown>) => p.catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (server) {
    await quiet(admin.servers.delete({ server_id: server }));
    await waitFor("the parity server to be gone", () => admin.servers.get({ server_id: server }).then(() => false, (e: unknown) => (isNotFound(e) ? true : Promise.reject(e))), (g) => g, 60);
  }
  for (const id of [PRIVATE, `${RUN}-py`, `${RUN}-ts`]) await quiet(admin.flavors.delete({ flavor_id: id }));
  await proxy?.close();
  expectNoMismatches();
});

/** Runs a command and returns its output (request ids normalised) and the compute requests it made. */
const maxVersion = (text: string) => text.replace(/^Maximum version 2\.\d+$/m, "Maximum version <client max>");
const traced = (run: () => Promise<CliResult>) => tracedRun(proxy, run, maxVersion);

const commands = (): string[][] => [
  ["flavor-list"],
  ["flavor-list", "--all", "--extra-specs"],
  ["flavor-list", "--marker", "2", "--min-disk", "10", "--min-ram", "512", "--limit", "2", "--sort-key", "name", "--sort-dir", "desc"],
  ["flavor-list", "--all", "--limit", "3", "--sort-key", "flavorid", "--sort-dir", "asc"],
  ["flavor-show", "m1.small"],
  ["flavor-show", "1"],
  ["flavor-show", PRIVATE],
  ["flavor-show", "nope"],
  ["flavor-access-list", "--flavor", "m1.tiny"],
  ["flavor-access-list", "--flavor", PRIVATE],
  ["list"],
  ["list", "--minimal"],
  ["list", "--all-tenants"],
  ["list", "--name", SERVER, "--status", "ACTIVE"],
  ["list", "--limit", "1", "--sort", "display_name:asc"],
  ["list", "--fields", "name,status,networks,flavor:original_name,metadata"],
  ["list", "--image", "cirros", "--name", SERVER],
  ["list", "--image", "no such image"],
  ["list", "--image", "11111111-2222-3333-4444-555555555555"],
  ["delete", "nope", `${RUN}-nöpe's`],
  ["show", SERVER],
  ["show", server ?? "<server id>"],
  ["show", "--minimal", SERVER],
  ["show", "--wrap", "25", SERVER],
  ["show", "nope"],
  ["version-list"],
  ["--os-compute-api-version", "2.40", "flavor-list"],
  ["--os-compute-api-version", "2.40", "show", SERVER],
  ["--os-compute-api-version", "2.60", "flavor-show", "m1.tiny"],
];

describe.skipIf(!available)("same output and requests as python-novaclient 18.1 on the real cloud", () => {
  // The names of the list above need the beforeAll's server id: build the tests from a fixed count.
  for (let i = 0; i < commands().length; i++) {
    it(`nova ${commands()[i]!.join(" ").replace(RUN, "<run>")}`, async () => {
      await expectSameAsPython(proxy, commands()[i]!, maxVersion);
    });
  }

  const sent: string[] = [];
  it("flavor-create, flavor-update, flavor-key, flavor-access-add/list/remove and flavor-delete print the same", async () => {
    const transcripts: string[] = [];
    for (const [name, run] of [
      [`${RUN}-py`, (args: string[]) => pythonNova(proxy, args)],
      [`${RUN}-ts`, (args: string[]) => nova(proxy, args)],
    ] as const) {
      const steps = [
        ["flavor-create", "--ephemeral", "5", "--swap", "256", "--rxtx-factor", "2.0", "--is-public", "false", "--description", "d", name, name, "128", "1", "2"],
        ["flavor-update", name, "new description"],
        ["flavor-key", name, "set", "hw:cpu_policy=dedicated"],
        ["flavor-key", name, "unset", "hw:cpu_policy"],
        ["flavor-access-add", name, demoProject],
        ["flavor-access-list", "--flavor", name],
        ["flavor-access-remove", name, demoProject],
        ["flavor-delete", name],
        ["flavor-show", name],
      ];
      let text = "";
      let requests = "";
      for (const step of steps) {
        const r = await traced(() => run(step));
        text += `$ nova ${step.join(" ")}\n${r.code}\n${r.stdout}${r.stderr}`;
        requests += `$ nova ${step.join(" ")}\n${r.requests.join("\n")}\n`;
      }
      transcripts.push(text.replaceAll(name, "NAME"));
      sent.push(requests.replaceAll(name, "NAME"));
    }
    expect(transcripts[1]).toBe(transcripts[0]);
    expect(transcripts[0]).toMatch(/\| NAME +\| NAME +\| 128 +\| 1 +\| 5 +\| 256 +\| 2 +\| 2\.0 +\| False +\| d +\|/);
  });

  it("... and send the same requests (an extra spec key goes into the path unencoded: hw:cpu_policy)", () => {
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
  });
});

it.runIf(!available)("python-novaclient is not installed: the parity suite is skipped (apt-get install python3-novaclient)", () => {
  expect(existsSync(PYTHON_NOVA)).toBe(false);
});

it("every reply matched the spec at its microversion", () => {
  if (available) expect(proxy.validated(), "the proxy checked the CLI's replies").toBeGreaterThan(0);
  expectNoMismatches();
});
