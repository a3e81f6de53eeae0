/**
 * Key pairs, aggregates, availability zones, server groups and quotas: nova-ts prints what
 * python-novaclient 18.1 prints against the real cloud and sends the same compute requests.
 * Each client works on its own resources (names with -py / -ts); the transcripts are compared
 * with those names, ids and times made alike.
 */
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NovaClient } from "../../src/index.js";
import type { CliResult } from "../cli/run-cli.js";
import { PYTHON_NOVA, type Proxy, RUN, connect, expectNoMismatches, glanceImages, keystoneToken, nova, pythonNova, startProxy } from "./cloud.js";

const available = existsSync(PYTHON_NOVA);
const PUB_KEY = join(tmpdir(), `${RUN}-resources.pub`);
writeFileSync(PUB_KEY, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE real@cloud\n");

let proxy: Proxy;
let admin: NovaClient;
let host: string;
let cirros: string;
let demo: { projectId: string; userId: string };

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  const token = await keystoneToken("demo");
  demo = { projectId: token.projectId, userId: token.userId };
  cirros = (await glanceImages()).find((i) => i.name === "cirros")!.id;
  const zones = (await admin.call("listAvailabilityZonesDetail")) as { availabilityZoneInfo: { zoneName: string; hosts: Record<string, Record<string, unknown>> | null }[] };
  host = zones.availabilityZoneInfo.flatMap((z) => Object.entries(z.hosts ?? {})).find(([, services]) => "nova-compute" in services)![0];
});

afterAll(async () => {
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  const aggregates = (await admin.call("listAggregates")) as { aggregates: { id: number; name: string; hosts: string[] }[] };
  for (const a of aggregates.aggregates.filter((x) => x.name.startsWith(RUN))) {
    for (const h of a.hosts) await quiet(admin.call("aggregateAction.remove_host", { aggregate_id: a.id, body: { host: h } } as never));
    await quiet(admin.call("deleteAggregate", { aggregate_id: a.id } as never));
  }
  for (const side of ["py", "ts"]) await quiet(admin.call("deleteKeypair", { keypair_name: `${RUN}-${side}` } as never));
  const groups = (await admin.call("listServerGroups", { all_projects: "True" } as never)) as { server_groups: { id: string; name: string }[] };
  for (const g of groups.server_groups.filter((x) => x.name.startsWith(RUN))) await quiet(admin.call("deleteServerGroup", { server_group_id: g.id } as never));
  await quiet(admin.call("deleteQuotaSet", { tenant_id: demo.projectId, user_id: demo.userId } as never));
  await proxy?.close();
  expectNoMismatches();
});

interface Traced extends CliResult {
  requests: string[];
}

async function traced(run: () => Promise<CliResult>): Promise<Traced> {
  const before = proxy.requests.length;
  const result = await run();
  return { ...result, requests: proxy.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`) };
}

/** One client's transcript of the steps: output and requests, its own names, ids and times made alike. */
async function transcript(side: "py" | "ts", steps: (name: string, ids: Map<string, string>) => string[][]): Promise<{ text: string; requests: string }> {
  const run = side === "py" ? (a: string[]) => pythonNova(proxy, a) : (a: string[]) => nova(proxy, a);
  const name = `${RUN}-${side}`;
  const ids = new Map<string, string>();
  let text = "";
  let requests = "";
  for (const step of steps(name, ids)) {
    const args = step.map((w) => ids.get(w) ?? w);
    const r = await traced(() => run(args));
    // The aggregate's integer id and the server group's UUID, for the steps that name them.
    const created = /^\| (\d+) +\| \S+ /m.exec(r.stdout)?.[1];
    if (step[0] === "aggregate-create" && created) ids.set("AGG", created);
    const group = /^\| ([0-9a-f-]{36}) +\|/m.exec(r.stdout)?.[1];
    if (step[0] === "server-group-create" && group) ids.set("GROUP", group);
    text += `$ nova ${step.join(" ")}\n${r.code}\n${r.stdout}${r.stderr}`;
    requests += `$ nova ${step.join(" ")}\n${r.requests.join("\n")}\n`;
  }
  const normal = (t: string) => {
    let out = t.replaceAll(name, "NAME").replace(/req-[0-9a-f-]{36}/g, "req-X");
    for (const [key, id] of ids) out = out.replace(new RegExp(`(?<![\\w.=-])${id}(?![\\w-]|\\.\\d)`, "g"), key);
    return out.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>").replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?/g, "<time>");
  };
  return { text: normal(text), requests: normal(requests) };
}

/** python-novaclient's transcript, after checking nova-ts's is the same in output and requests. */
async function sameTranscripts(steps: Parameters<typeof transcript>[1]): Promise<{ text: string; requests: string }> {
  const python = await transcript("py", steps);
  const ours = await transcript("ts", steps);
  expect(ours.text).toBe(python.text);
  expect(ours.requests).toBe(python.requests);
  return python;
}

/** Each step runs both clients one after the other; python-novaclient alone takes seconds a command. */
const SLOW = 900_000;

describe.skipIf(!available)("the resource commands print and send the same as python-novaclient 18.1 on the real cloud", () => {
  it("aggregates: create, show, add-host, set-metadata, update, remove-host, cache-images, list, delete", async () => {
    const steps = (name: string) => [
      ["aggregate-create", name, `${name}-az`],
      ["aggregate-show", name],
      ["aggregate-add-host", name, host],
      ["aggregate-set-metadata", name, "ssd=true", "gpu=a100"],
      ["aggregate-set-metadata", name, "ssd=true"],
      ["aggregate-set-metadata", name, "gpu"],
      ["aggregate-update", name, "--name", `${name}-2`],
      ["aggregate-update", `${name}-2`],
      ["aggregate-remove-host", `${name}-2`, host],
      ["aggregate-cache-images", `${name}-2`, cirros],
      ["aggregate-cache-images", `${name}-2`, "cirros"],
      ["--os-compute-api-version", "2.40", "aggregate-show", "AGG"],
      ["aggregate-delete", "AGG"],
      ["aggregate-show", "AGG"],
    ];
    const python = await sameTranscripts(steps);
    expect(python.text).toMatch(/Aggregate AGG has been successfully deleted\./);
  }, SLOW);

  it("key pairs: add from a file, show, list, delete", async () => {
    const steps = (name: string) => [
      ["keypair-add", "--pub-key", PUB_KEY, name],
      ["keypair-add", "--pub-key", PUB_KEY, name],
      ["keypair-show", name],
      ["--os-compute-api-version", "2.9", "keypair-show", name],
      ["keypair-list", "--limit", "1000"],
      ["keypair-delete", name],
      ["keypair-show", name],
      ["--os-compute-api-version", "2.9", "keypair-delete", name],
    ];
    const python = await transcript("py", steps);
    const ours = await transcript("ts", steps);
    // Both clients' key pairs are listed by the other run: compare without the list's rows.
    const rowsless = (t: string) => t.replace(/(\$ nova keypair-list[^\n]*\n0\n)[\s\S]*?(?=\$ nova)/, "$1");
    expect(rowsless(ours.text)).toBe(rowsless(python.text));
    expect(ours.requests).toBe(python.requests);
  }, SLOW);

  it("server groups: create (with a rule, and before 2.64), get, delete", async () => {
    const steps = (name: string) => [
      ["server-group-create", name, "anti-affinity", "--rule", "max_server_per_host=2"],
      ["server-group-get", "GROUP"],
      ["--os-compute-api-version", "2.63", "server-group-get", "GROUP"],
      ["server-group-delete", "GROUP", "nope"],
      ["--os-compute-api-version", "2.15", "server-group-create", name, "soft-affinity"],
      ["server-group-delete", "GROUP"],
      ["server-group-delete", "GROUP"],
    ];
    await sameTranscripts(steps);
  }, SLOW);

  it("quotas: show, detail, defaults, a user's update and delete, the default class, availability zones", async () => {
    const steps = () => [
      ["quota-show"],
      ["quota-show", "--tenant", demo.projectId, "--detail"],
      ["--os-compute-api-version", "2.35", "quota-defaults", "--tenant", demo.projectId],
      ["quota-update", demo.projectId, "--user", demo.userId, "--key-pairs", "7", "--force"],
      ["quota-update", demo.projectId, "--user", demo.userId],
      ["quota-show", "--tenant", demo.projectId, "--user", demo.userId],
      ["quota-delete", "--tenant", demo.projectId, "--user", demo.userId],
      ["quota-class-show", "default"],
      ["--os-compute-api-version", "2.49", "quota-class-show", "default"],
      ["availability-zone-list"],
    ];
    await sameTranscripts(steps);
  }, SLOW);

  it("availability-zone-list as a member: the plain list after the detailed one is forbidden", async () => {
    const python = await traced(() => pythonNova(proxy, ["availability-zone-list"], "demo"));
    const ours = await traced(() => nova(proxy, ["availability-zone-list"], "demo"));
    expect(ours.stdout).toBe(python.stdout);
    expect(ours.requests).toEqual(python.requests);
  }, SLOW);
});

it.runIf(!available)("python-novaclient is not installed: the resource parity suite is skipped", () => {
  expect(existsSync(PYTHON_NOVA)).toBe(false);
});

