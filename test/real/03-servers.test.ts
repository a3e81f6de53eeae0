/**
 * Servers on a real Nova with the fake virt driver: create with "networks": "none", every action
 * the driver supports, lists with filters and pages, instance actions, metadata, tags, delete.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaApiError, type NovaClient, isNotFound } from "../../src/index.js";
import { HOST, type Proxy, REQ_ID, RUN, UUID, column, connect, deleteImage, expectNoMismatches, glanceImages, keystoneToken, nova, property, startProxy, waitFor } from "./cloud.js";

type Server = Awaited<ReturnType<NovaClient["servers"]["get"]>>["server"];

let proxy: Proxy;
let admin: NovaClient;
let demo: NovaClient;
let cirros: string;
let adminProject: string;
let demoProject: string;
/** The server every action runs on. */
let vm: string;
const images = new Set<string>();
const NAME = `${RUN}-vm`;

const flavorOf = (s: Server) => s.flavor as { original_name?: string };

async function settled(client: NovaClient, id: string, status: string, seconds = 90): Promise<Server> {
  return waitFor(
    `server ${id} to be ${status} with no task`,
    async () => (await client.servers.get({ server_id: id })).server,
    (s) => {
      if (s.status === "ERROR" && status !== "ERROR") throw new Error(`server ${id} went to ERROR: ${JSON.stringify(s.fault)}`);
      return s.status === status && !s["OS-EXT-STS:task_state"];
    },
    seconds,
  );
}

async function gone(client: NovaClient, id: string): Promise<void> {
  await waitFor(`server ${id} to be deleted`, () => client.servers.get({ server_id: id }).then(() => false, (e: unknown) => (isNotFound(e) ? true : Promise.reject(e))), (g) => g, 90);
}

async function boot(client: NovaClient, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { server } = (await client.servers.create({ body: { server: { name, imageRef: cirros, flavorRef: "1", networks: "none", ...extra } } as never })) as { server: { id: string } };
  expect(server.id).toMatch(UUID);
  return server.id;
}

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  demo = await connect("demo");
  cirros = (await glanceImages()).find((i) => i.name === "cirros")!.id;
  adminProject = (await keystoneToken("admin")).projectId;
  demoProject = (await keystoneToken("demo")).projectId;
});

afterAll(async () => {
  const mine = (await admin.servers.listAll({ all_tenants: "True", name: `^${RUN}` })).map((s) => s.id);
  for (const id of mine) {
    await admin.servers.resetState({ server_id: id, body: { state: "active" } }).catch(() => undefined);
    await admin.servers.delete({ server_id: id }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  }
  for (const id of mine) await gone(admin, id);
  for (const image of await glanceImages()) if (image.name.startsWith(RUN)) images.add(image.id);
  for (const id of images) await deleteImage(id);
  await proxy?.close();
  expectNoMismatches();
});

describe("a server's life through the library", () => {
  it("boots with networks none and polls until ACTIVE", async () => {
    vm = await boot(admin, NAME, { description: "real-cloud suite", metadata: { suite: RUN }, tags: ["real", "suite"] });
    const server = await settled(admin, vm, "ACTIVE");
    expect(server).toMatchObject({ name: NAME, description: "real-cloud suite", metadata: { suite: RUN }, addresses: {}, "OS-EXT-SRV-ATTR:host": HOST, "OS-EXT-AZ:availability_zone": "nova", tenant_id: adminProject });
    expect(server.flavor).toMatchObject({ original_name: "m1.tiny", vcpus: 1, ram: 512 });
    expect(server.image).toMatchObject({ id: cirros });
    expect([...(server.tags ?? [])].sort()).toEqual(["real", "suite"]);
    expect(server["OS-EXT-STS:power_state"]).toBe(1);
  });

  it("finds the server by name or id", async () => {
    expect((await admin.servers.find(NAME)).id).toBe(vm);
    expect((await admin.servers.find(vm)).name).toBe(NAME);
    await expect(admin.servers.find(`${RUN}-nope`)).rejects.toThrow(`No server with a name or ID of '${RUN}-nope' exists.`);
  });

  it("reboots soft and hard", async () => {
    await admin.servers.reboot({ server_id: vm, body: { type: "SOFT" } });
    await settled(admin, vm, "ACTIVE");
    await admin.servers.reboot({ server_id: vm, body: { type: "HARD" } });
    await settled(admin, vm, "ACTIVE");
  });

  it("stops and starts", async () => {
    await admin.servers.stop({ server_id: vm, body: null });
    expect((await settled(admin, vm, "SHUTOFF"))["OS-EXT-STS:power_state"]).toBe(4);
    await admin.servers.start({ server_id: vm, body: null });
    await settled(admin, vm, "ACTIVE");
  });

  it("pauses and unpauses, suspends and resumes", async () => {
    await admin.servers.pause({ server_id: vm, body: null });
    await settled(admin, vm, "PAUSED");
    await admin.servers.unpause({ server_id: vm, body: null });
    await settled(admin, vm, "ACTIVE");
    await admin.servers.suspend({ server_id: vm, body: null });
    await settled(admin, vm, "SUSPENDED");
    await admin.servers.resume({ server_id: vm, body: null });
    await settled(admin, vm, "ACTIVE");
  });

  it("locks with a reason and unlocks", async () => {
    await admin.servers.lock({ server_id: vm, body: { locked_reason: "suite" } });
    const locked = (await admin.servers.get({ server_id: vm })).server;
    expect([locked.locked, locked.locked_reason]).toEqual([true, "suite"]);
    expect((await admin.servers.list({ locked: "true", name: `^${RUN}` })).servers.map((s) => s.id)).toEqual([vm]);
    await admin.servers.unlock({ server_id: vm, body: null });
    expect((await admin.servers.get({ server_id: vm })).server.locked).toBe(false);
  });

  it("renames and describes (update)", async () => {
    const { server } = await admin.servers.update({ server_id: vm, body: { server: { name: `${NAME}-renamed`, description: "renamed" } } });
    expect([server.name, server.description]).toEqual([`${NAME}-renamed`, "renamed"]);
    await admin.servers.update({ server_id: vm, body: { server: { name: NAME } } });
  });

  it("rescues and unrescues", async () => {
    const rescued = await admin.servers.rescue({ server_id: vm, body: { adminPass: "s3cret-pass" } });
    expect(rescued).toEqual({ adminPass: "s3cret-pass" });
    await settled(admin, vm, "RESCUE");
    await admin.servers.unrescue({ server_id: vm, body: null });
    await settled(admin, vm, "ACTIVE");
  });

  it("resizes and reverts, resizes and confirms", async () => {
    await admin.servers.resize({ server_id: vm, body: { flavorRef: "2" } });
    expect(flavorOf(await settled(admin, vm, "VERIFY_RESIZE")).original_name).toBe("m1.small");
    await admin.servers.revertResize({ server_id: vm, body: null });
    expect(flavorOf(await settled(admin, vm, "ACTIVE")).original_name).toBe("m1.tiny");
    await admin.servers.resize({ server_id: vm, body: { flavorRef: "2", "OS-DCF:diskConfig": "AUTO" } });
    await settled(admin, vm, "VERIFY_RESIZE");
    await admin.servers.confirmResize({ server_id: vm, body: null });
    expect(flavorOf(await settled(admin, vm, "ACTIVE")).original_name).toBe("m1.small");
  });

  it("lists the resize migrations (os-migrations and the server's own)", async () => {
    const { migrations } = await admin.migrations.list({ instance_uuid: vm });
    expect(migrations.map((m) => [m.migration_type, m.status]).sort()).toEqual([
      ["resize", "confirmed"],
      ["resize", "reverted"],
    ]);
    expect(migrations[0]).toMatchObject({ instance_uuid: vm, source_compute: HOST, dest_compute: HOST });
    const own = await admin.serverMigrations.list({ server_id: vm });
    expect(own.migrations).toEqual([]);
    const paged = await admin.migrations.list({ instance_uuid: vm, limit: 1 });
    expect(paged.migrations).toHaveLength(1);
  });

  it("rebuilds with a new name, description and metadata", async () => {
    const { server } = (await admin.servers.rebuild({ server_id: vm, body: { imageRef: cirros, name: `${NAME}-rebuilt`, description: "rebuilt", metadata: { rebuilt: "yes" } } })) as { server: Server };
    expect(server).toMatchObject({ id: vm, name: `${NAME}-rebuilt`, description: "rebuilt", metadata: { rebuilt: "yes" } });
    await settled(admin, vm, "ACTIVE");
    await admin.servers.update({ server_id: vm, body: { server: { name: NAME } } });
  });

  it("snapshots (createImage) and backs up (createBackup)", async () => {
    const snap = (await admin.servers.createImage({ server_id: vm, body: { name: `${RUN}-snap`, metadata: { from: "suite" } } })) as { image_id: string };
    expect(snap.image_id).toMatch(UUID);
    images.add(snap.image_id);
    await settled(admin, vm, "ACTIVE");
    const backup = (await admin.servers.createBackup({ server_id: vm, body: { name: `${RUN}-backup`, backup_type: "daily", rotation: 1 } })) as { image_id: string };
    expect(backup.image_id).toMatch(UUID);
    images.add(backup.image_id);
    await settled(admin, vm, "ACTIVE");
    const names = (await glanceImages()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining([`${RUN}-snap`, `${RUN}-backup`]));
  });

  it("shelves (offloaded at once) and unshelves", async () => {
    await admin.servers.shelve({ server_id: vm, body: null });
    await settled(admin, vm, "SHELVED_OFFLOADED");
    await admin.servers.unshelve({ server_id: vm, body: null });
    await settled(admin, vm, "ACTIVE");
  });

  it("resets the state (admin) and back", async () => {
    await admin.servers.resetState({ server_id: vm, body: { state: "error" } });
    expect((await admin.servers.get({ server_id: vm })).server.status).toBe("ERROR");
    await admin.servers.resetState({ server_id: vm, body: { state: "active" } });
    expect((await admin.servers.get({ server_id: vm })).server.status).toBe("ACTIVE");
  });

  it("reads console output, diagnostics, topology, addresses, password, ports, volumes, security groups", async () => {
    const console = (await admin.servers.getConsoleOutput({ server_id: vm, body: { length: 2 } })) as { output: string };
    expect(console.output.split("\n").filter(Boolean).length).toBeLessThanOrEqual(2);
    const diagnostics = await admin.servers.diagnostics({ server_id: vm });
    expect(diagnostics).toMatchObject({ state: "running", driver: "libvirt", uptime: expect.any(Number) });
    const topology = await admin.servers.topology({ server_id: vm });
    expect(topology.nodes).toBeDefined();
    expect(await admin.serverIps.list({ server_id: vm })).toEqual({ addresses: {} });
    expect(await admin.serverPassword.get({ server_id: vm })).toEqual({ password: "" });
    await admin.serverPassword.clear({ server_id: vm });
    expect((await admin.interfaces.list({ server_id: vm })).interfaceAttachments).toEqual([]);
    expect((await admin.volumeAttachments.list({ server_id: vm })).volumeAttachments).toEqual([]);
    expect((await admin.servers.listSecurityGroups({ server_id: vm })).security_groups).toEqual([]);
  });

  it("sets, replaces, reads and deletes metadata", async () => {
    expect(await admin.serverMetadata.replace({ server_id: vm, body: { metadata: { a: "1", b: "2" } } })).toEqual({ metadata: { a: "1", b: "2" } });
    expect(await admin.serverMetadata.update({ server_id: vm, body: { metadata: { c: "3" } } })).toEqual({ metadata: { a: "1", b: "2", c: "3" } });
    expect(await admin.serverMetadata.set({ server_id: vm, key: "a", body: { meta: { a: "one" } } })).toEqual({ meta: { a: "one" } });
    expect(await admin.serverMetadata.get({ server_id: vm, key: "a" })).toEqual({ meta: { a: "one" } });
    await admin.serverMetadata.delete({ server_id: vm, key: "b" });
    expect(await admin.serverMetadata.list({ server_id: vm })).toEqual({ metadata: { a: "one", c: "3" } });
    const missing = (await admin.serverMetadata.get({ server_id: vm, key: "b" }).catch((e: unknown) => e)) as NovaApiError;
    expect(missing.status).toBe(404);
  });

  it("replaces, adds, checks and deletes tags", async () => {
    expect((await admin.serverTags.replace({ server_id: vm, body: { tags: ["x", "y"] } })).tags.sort()).toEqual(["x", "y"]);
    await admin.serverTags.add({ server_id: vm, tag: "z" });
    await admin.serverTags.check({ server_id: vm, tag: "z" });
    expect((await admin.serverTags.list({ server_id: vm })).tags.sort()).toEqual(["x", "y", "z"]);
    expect((await admin.servers.list({ tags: "x,z", name: `^${RUN}` })).servers.map((s) => s.id)).toEqual([vm]);
    expect((await admin.servers.list({ "not-tags": "x", name: `^${RUN}` })).servers.map((s) => s.id)).not.toContain(vm);
    await admin.serverTags.delete({ server_id: vm, tag: "x" });
    const err = (await admin.serverTags.check({ server_id: vm, tag: "x" }).catch((e: unknown) => e)) as NovaApiError;
    expect(err.status).toBe(404);
    await admin.serverTags.deleteAll({ server_id: vm });
    expect((await admin.serverTags.list({ server_id: vm })).tags).toEqual([]);
  });

  it("records every action as an instance action, with events for admin", async () => {
    const { instanceActions } = await admin.instanceActions.list({ server_id: vm });
    const kinds = instanceActions.map((a) => a.action);
    for (const k of ["create", "reboot", "stop", "start", "pause", "unpause", "suspend", "resume", "lock", "unlock", "rescue", "unrescue", "resize", "revertResize", "confirmResize", "rebuild", "createImage", "createBackup", "shelve", "unshelve"]) {
      expect(kinds, k).toContain(k);
    }
    const create = instanceActions.find((a) => a.action === "create")!;
    const { instanceAction } = await admin.instanceActions.get({ server_id: vm, request_id: create.request_id });
    expect(instanceAction).toMatchObject({ action: "create", instance_uuid: vm, request_id: create.request_id });
    expect(instanceAction.events?.length).toBeGreaterThan(0);
    const page = await admin.instanceActions.list({ server_id: vm, limit: 2 });
    expect(page.instanceActions).toHaveLength(2);
    const next = await admin.instanceActions.list({ server_id: vm, limit: 2, marker: page.instanceActions[1]!.request_id });
    expect(next.instanceActions[0]!.request_id).toBe(instanceActions[2]!.request_id);
  });
});

describe("lists, pages and other projects", () => {
  let batch: string[] = [];
  let demoVm: string;

  it("boots three at once (min_count) and one as the demo member", async () => {
    await boot(admin, `${RUN}-many`, { min_count: 3, max_count: 3 });
    demoVm = await boot(demo, `${RUN}-demo`);
    batch = (await admin.servers.listAll({ name: `^${RUN}-many` })).map((s) => s.id);
    expect(batch).toHaveLength(3);
    for (const id of batch) await settled(admin, id, "ACTIVE");
    await settled(demo, demoVm, "ACTIVE");
  });

  it("lists summary and detail with filters", async () => {
    const ids = (r: { servers: { id: string }[] }) => r.servers.map((s) => s.id).sort();
    const summary = await admin.servers.listSummary({ name: `^${RUN}-many` });
    expect(summary.servers.every((s) => Object.keys(s).sort().join() === "id,links,name")).toBe(true);
    expect(ids(summary)).toEqual([...batch].sort());
    expect(ids(await admin.servers.list({ name: `^${RUN}`, status: "ACTIVE", flavor: "1", image: cirros }))).toEqual([...batch].sort());
    expect(ids(await admin.servers.list({ name: `^${RUN}`, host: HOST, availability_zone: "nova" }))).toEqual([...batch, vm].sort());
    expect(ids(await admin.servers.list({ name: `^${RUN}` }))).not.toContain(demoVm);
    expect(ids(await admin.servers.list({ name: `^${RUN}`, all_tenants: "True" }))).toContain(demoVm);
    expect(ids(await admin.servers.list({ all_tenants: "True", project_id: demoProject, name: `^${RUN}` }))).toEqual([demoVm]);
    expect(ids(await demo.servers.list({ name: `^${RUN}` }))).toEqual([demoVm]);
    const since = new Date(Date.now() - 3600_000).toISOString();
    expect(ids(await admin.servers.list({ name: `^${RUN}-many`, "changes-since": since }))).toEqual([...batch].sort());
    const sorted = await admin.servers.list({ name: `^${RUN}-many`, sort_key: "display_name", sort_dir: "desc" });
    const names = sorted.servers.map((s) => s.name);
    expect(names).toEqual([...names].sort().reverse());
  });

  it("pages with limit and marker, and listAll follows next links", async () => {
    const first = await admin.servers.list({ name: `^${RUN}`, limit: 2, sort_key: "display_name", sort_dir: "asc" });
    expect(first.servers).toHaveLength(2);
    expect(first.servers_links?.find((l) => l.rel === "next")).toBeDefined();
    const second = await admin.servers.list({ name: `^${RUN}`, limit: 2, sort_key: "display_name", sort_dir: "asc", marker: first.servers[1]!.id });
    expect(second.servers.map((s) => s.id)).not.toContain(first.servers[0]!.id);
    const all = await admin.servers.listAll({ name: `^${RUN}`, limit: 1 });
    expect(all.map((s) => s.id).sort()).toEqual([...batch, vm].sort());
  });

  it("a member cannot act on another project's server", async () => {
    const err = (await demo.servers.get({ server_id: vm }).catch((e: unknown) => e)) as NovaApiError;
    expect([err.status, err.kind]).toEqual([404, "NotFound"]);
    const reset = (await demo.servers.resetState({ server_id: demoVm, body: { state: "error" } }).catch((e: unknown) => e)) as NovaApiError;
    expect([reset.status, reset.kind]).toEqual([403, "Forbidden"]);
    expect(reset.requestId).toMatch(REQ_ID);
    await admin.servers.lock({ server_id: demoVm, body: null });
    const locked = (await demo.servers.stop({ server_id: demoVm, body: null }).catch((e: unknown) => e)) as NovaApiError;
    expect([locked.status, locked.kind, locked.fault]).toEqual([409, "Conflict", "conflictingRequest"]);
    expect(locked.message).toContain("locked");
    await admin.servers.unlock({ server_id: demoVm, body: null });
  });
});

describe("servers through the CLI", () => {
  it("list with filters, show by name and by id", async () => {
    const list = await nova(proxy, ["list", "--name", `^${RUN}-many`, "--status", "ACTIVE", "--sort", "display_name:asc"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split("\n")[1]).toMatch(/^\| ID +\| Name +\| Status +\| Task State +\| Power State +\| Networks +\|$/);
    expect(column(list.stdout, 1)).toEqual([`${RUN}-many-1`, `${RUN}-many-2`, `${RUN}-many-3`]);
    const all = await nova(proxy, ["list", "--all-tenants", "--name", `^${RUN}`, "--fields", "name,status,tenant_id"]);
    expect(all.stdout).toContain(demoProject);
    const limited = await nova(proxy, ["list", "--name", `^${RUN}`, "--limit", "1", "--minimal"]);
    expect(column(limited.stdout)).toHaveLength(1);
    const byName = await nova(proxy, ["show", NAME]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(property(byName.stdout, "id")).toBe(vm);
    expect(property(byName.stdout, "status")).toBe("ACTIVE");
    expect(property(byName.stdout, "image")).toBe(`cirros (${cirros})`);
    expect(property(byName.stdout, "OS-EXT-SRV-ATTR:host")).toBe(HOST);
    const byId = await nova(proxy, ["show", vm]);
    expect(byId.stdout).toBe(byName.stdout.replace(/\| updated .*\n/, byId.stdout.match(/\| updated .*\n/)![0]));
    const demoSees = await nova(proxy, ["show", vm], "demo");
    expect(demoSees.code).toBe(1);
    expect(demoSees.stderr).toBe(`ERROR (CommandError): No server with a name or ID of '${vm}' exists.\n`);
  });

  it("delete by name, then the server is gone", async () => {
    const victim = (await admin.servers.find(`${RUN}-many-3`)).id;
    const r = await nova(proxy, ["delete", `${RUN}-many-3`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Request to delete server ${RUN}-many-3 has been accepted.\n`);
    await gone(admin, victim);
  });
});

describe("the end of a server", () => {
  it("deletes through the library and polls until it is gone", async () => {
    await admin.servers.delete({ server_id: vm });
    await gone(admin, vm);
    const err = (await admin.servers.get({ server_id: vm }).catch((e: unknown) => e)) as NovaApiError;
    expect([err.status, err.fault]).toEqual([404, "itemNotFound"]);
  });
});

it("every reply matched the spec at its microversion", () => {
  expect(proxy.validated(), "the proxy checked the CLI's replies").toBeGreaterThan(0);
  expectNoMismatches();
});
