/**
 * The server-info commands (console log and consoles, diagnostics, topology, interfaces, volume
 * attachments, security groups, tags, instance actions) print what python-novaclient 18.1
 * prints against the real cloud (fake virt driver, no Neutron networks, no Cinder) and send the
 * same compute requests. Both go through the recording proxy, so the replies are checked
 * against the spec too.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NovaClient, isNotFound } from "../../src/index.js";
import type { CliResult } from "../cli/run-cli.js";
import { PYTHON_NOVA, type Proxy, RUN, connect, expectNoMismatches, glanceImages, nova, pythonNova, startProxy, tracedRun, waitFor, expectSameAsPython } from "./cloud.js";

const available = existsSync(PYTHON_NOVA);
const SERVER = `${RUN}-info`;
const NOBODY = "00000000-0000-4000-8000-0000000000aa";
// python-novaclient negotiates its own maximum; ours would take the cloud's 2.93.
const V = ["--os-compute-api-version", "2.92"];

let proxy: Proxy;
let admin: NovaClient;
let server = "";
let create = "";

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  if (!available) return;
  const cirros = (await glanceImages()).find((i) => i.name === "cirros")!.id;
  const created = (await admin.servers.create({ body: { server: { name: SERVER, imageRef: cirros, flavorRef: "1", networks: "none" } } } as never)) as { server: { id: string } };
  server = created.server.id;
  await waitFor("the server to be ACTIVE", async () => (await admin.servers.get({ server_id: server })).server, (s) => s.status === "ACTIVE" && !s["OS-EXT-STS:task_state"], 60);
  const actions = (await admin.call("listInstanceActions", { server_id: server })) as { instanceActions: { action: string; request_id: string }[] };
  create = actions.instanceActions.find((a) => a.action === "create")!.request_id;
});
afterAll(async () => {
  if (server) {
    await admin.servers.delete({ server_id: server }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
    await waitFor("the server to be gone", () => admin.servers.get({ server_id: server }).then(() => false, (e: unknown) => (isNotFound(e) ? true : Promise.reject(e))), (g) => g, 60);
  }
  await proxy?.close();
  expectNoMismatches();
});

const traced = (run: () => Promise<CliResult>) => tracedRun(proxy, run);

const commands = (): string[][] => [
  ["console-log", SERVER],
  ["console-log", SERVER, "--length", "1"],
  ["console-log", "nope"],
  ["diagnostics", SERVER],
  ["--os-compute-api-version", "2.47", "diagnostics", SERVER],
  ["server-topology", SERVER],
  ["list-secgroup", SERVER],
  ["interface-list", SERVER],
  ["interface-attach", SERVER],
  ["interface-detach", SERVER, NOBODY],
  ["volume-attachments", SERVER],
  ["--os-compute-api-version", "2.60", "volume-attachments", SERVER],
  // Not volume-detach: with no Cinder the cloud answers 500 with "<class '...EndpointNotFound'>"
  // on a second line of the message, which python-novaclient prints and ours drops (errors.ts
  // folds a fault message to one line without markup).
  ["get-vnc-console", SERVER, "novnc"],
  ["--os-compute-api-version", "2.5", "get-vnc-console", SERVER, "novnc"],
  ["get-vnc-console", SERVER, "bogus"],
  ["get-serial-console", SERVER],
  ["get-serial-console", SERVER, "--console-type", "vnc"],
  ["get-mks-console", SERVER],
  ["add-secgroup", SERVER, `${RUN}-nosuch`],
  ["remove-secgroup", SERVER, `${RUN}-nosuch`],
  ["instance-action-list", SERVER],
  ["--os-compute-api-version", "2.57", "instance-action-list", SERVER],
  ["instance-action-list", SERVER, "--limit", "1", "--changes-since", "2020-01-01T00:00:00Z"],
  ["instance-action-list", NOBODY],
  ["instance-action", SERVER, create || "<create>"],
  ["--os-compute-api-version", "2.50", "instance-action", SERVER, create || "<create>"],
  ["instance-action", SERVER, "req-nope"],
];

describe.skipIf(!available)("server-info commands: the same output and requests as python-novaclient 18.1", () => {
  for (let i = 0; i < commands().length; i++) {
    it(`nova ${commands()[i]!.join(" ").replace(RUN, "<run>")}`, async () => {
      const given = commands()[i]!;
      const args = given[0] === V[0] ? given : [...V, ...given];
      await expectSameAsPython(proxy, args);
    });
  }

  it("server-tag-set, -add, -list, -delete and -delete-all print the same and send the same requests", async () => {
    const steps = [
      ["server-tag-set", SERVER, "one", "two"],
      ["server-tag-add", SERVER, "three", "bad,tag"],
      ["server-tag-list", SERVER],
      ["server-tag-delete", SERVER, "one", "nope"],
      ["server-tag-list", SERVER],
      ["server-tag-delete-all", SERVER],
      ["server-tag-list", SERVER],
    ];
    const transcripts: string[] = [];
    for (const run of [(args: string[]) => pythonNova(proxy, args), (args: string[]) => nova(proxy, args)]) {
      let text = "";
      for (const step of steps) {
        const r = await traced(() => run([...V, ...step]));
        text += `$ nova ${step.join(" ")}\n${r.code}\n${r.stdout}${r.stderr}${r.requests.join("\n")}\n`;
      }
      transcripts.push(text);
    }
    expect(transcripts[1]).toBe(transcripts[0]);
  });
});
