import { describe, expect, it } from "vitest";
import { createNovaClient } from "../../src/index.js";
import { IMAGE, useSandbox } from "./harness.js";

const { ctx, call, server } = useSandbox("2.104");
const show = async (id: string, version = "2.93") => (await call("showServer", "GET", `/servers/${id}`, { version })).json!.server;
const act = (id: string, action: string, inner: unknown, version = "2.93", user = "admin") => call(`serverAction.${action}`, "POST", `/servers/${id}/action`, { version, user, body: { [action]: inner } });

describe("createServer / updateServer", () => {
  it("creates a server, spawning at the first look and ACTIVE after, with an adminPass, listed, shown, deleted", async () => {
    const r = await call("createServer", "POST", "/servers", { version: "2.93", body: { server: { name: "new-vm", flavorRef: "2", imageRef: IMAGE, networks: "auto", metadata: { a: "b" }, tags: ["t1"] } } });
    expect(r.status).toBe(202);
    expect(r.json!.server.adminPass).toMatch(/^\w{12}$/);
    const id = r.json!.server.id;
    const building = await show(id);
    expect([building.status, building["OS-EXT-STS:vm_state"], building["OS-EXT-STS:task_state"], building["OS-EXT-STS:power_state"], building["OS-SRV-USG:launched_at"]]).toEqual(["BUILD", "building", "spawning", 0, null]);
    const s = await show(id);
    expect([s.status, s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:power_state"], s.flavor.original_name, s.metadata, s.tags]).toEqual(["ACTIVE", "active", 1, "m1.small", { a: "b" }, ["t1"]]);
    expect(s.addresses.private[0].addr).toMatch(/^10\.0\.0\.\d+$/);
    const list = await call("listServers", "GET", "/servers");
    expect(list.json!.servers.map((x: { id: string }) => x.id)).toContain(id);
    expect((await call("deleteServer", "DELETE", `/servers/${id}`)).status).toBe(204);
    expect((await call("showServer", "GET", `/servers/${id}`)).status).toBe(404);
  });

  it("answers Nova's 400s for an unknown flavor, image or key, and networks none has no addresses", async () => {
    const bad = async (server: Record<string, unknown>) => (await call("createServer", "POST", "/servers", { version: "2.93", body: { server: { name: "x", flavorRef: "1", imageRef: IMAGE, networks: "none", ...server } } })).json;
    expect(await bad({ flavorRef: "999" })).toEqual({ badRequest: { code: 400, message: "Flavor 999 could not be found." } });
    expect(await bad({ imageRef: "11111111-1111-1111-1111-111111111111" })).toEqual({ badRequest: { code: 400, message: "Can not find requested image" } });
    expect(await bad({ key_name: "nokey" })).toEqual({ badRequest: { code: 400, message: "Invalid key_name provided." } });
    const id = await server("no-net", { extra: { networks: "none" } });
    expect((await show(id)).addresses).toEqual({});
  });

  it("creates several servers with min/max_count and answers a reservation id when asked", async () => {
    const r = await call("createServer", "POST", "/servers", { version: "2.93", body: { server: { name: "multi", flavorRef: "1", imageRef: IMAGE, networks: "none", min_count: 2, max_count: 3, return_reservation_id: true } } });
    expect(r.status).toBe(202);
    const rid = r.json!.reservation_id as string;
    const list = await call("listServersDetail", "GET", `/servers/detail?reservation_id=${rid}`, { version: "2.93" });
    expect(list.json!.servers.map((s: { name: string }) => s.name).sort()).toEqual(["multi-1", "multi-2", "multi-3"]);
    for (const s of list.json!.servers) await call("deleteServer", "DELETE", `/servers/${s.id}`);
  });

  it("enforces the instances quota with Nova's 403", async () => {
    const r = await call("createServer", "POST", "/servers", { user: "demo", version: "2.93", body: { server: { name: "many", flavorRef: "1", imageRef: IMAGE, networks: "none", min_count: 11 } } });
    expect(r.status).toBe(403);
    expect(r.json!.forbidden.message).toMatch(/^Quota exceeded for instances: Requested 11, but already used 1 of 10 instances$/);
  });

  it("updates name, description and hostname; the reply is shaped by version", async () => {
    const id = await server("upd");
    const r = await call("updateServer", "PUT", `/servers/${id}`, { version: "2.90", body: { server: { name: "renamed", description: "d", hostname: "host-x" } } });
    expect([r.status, r.json!.server.name, r.json!.server.description, r.json!.server["OS-EXT-SRV-ATTR:hostname"]]).toEqual([200, "renamed", "d", "host-x"]);
    const old = await call("updateServer", "PUT", `/servers/${id}`, { version: "2.74", body: { server: { name: "again" } } });
    expect(old.json!.server["OS-EXT-STS:vm_state"]).toBeUndefined();
  });
});

describe("server actions", () => {
  it("stop/start, pause/unpause, suspend/resume move vm_state, status and power_state; a wrong state is Nova's 409", async () => {
    const id = await server("life");
    const expectState = async (status: string, vm: string, power: number) => {
      const s = await show(id);
      expect([s.status, s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:power_state"]]).toEqual([status, vm, power]);
    };
    expect((await act(id, "os-stop", null)).status).toBe(202);
    await expectState("SHUTOFF", "stopped", 4);
    expect((await act(id, "pause", null)).json).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'pause' instance ${id} while it is in vm_state stopped` } });
    await act(id, "os-start", null);
    await expectState("ACTIVE", "active", 1);
    await act(id, "pause", null);
    await expectState("PAUSED", "paused", 3);
    expect((await act(id, "pause", null)).json!.conflictingRequest.message).toBe(`Cannot 'pause' instance ${id} while it is in vm_state paused`);
    await act(id, "unpause", null);
    await act(id, "suspend", null);
    await expectState("SUSPENDED", "suspended", 7);
    await act(id, "resume", null);
    expect((await act(id, "reboot", { type: "HARD" })).status).toBe(202);
    await expectState("ACTIVE", "active", 1);
  });

  it("lock with a reason keeps the demo user out; unlock lets it back", async () => {
    const id = await server("lockme", { user: "demo" });
    expect((await act(id, "lock", { locked_reason: "maintenance" }, "2.73")).status).toBe(202);
    const s = await call("showServer", "GET", `/servers/${id}`, { version: "2.73", user: "demo" });
    expect([s.json!.server.locked, s.json!.server.locked_reason]).toEqual([true, "maintenance"]);
    expect((await act(id, "os-stop", null, "2.73", "demo")).json).toEqual({ conflictingRequest: { code: 409, message: `Instance ${id} is locked` } });
    await act(id, "unlock", null);
    expect((await act(id, "os-stop", null, "2.73", "demo")).status).toBe(202);
  });

  it("resize goes to VERIFY_RESIZE; confirm keeps the new flavor, revert brings the old one back; migrations are recorded", async () => {
    const id = await server("resizer");
    expect((await act(id, "resize", { flavorRef: "1" })).json).toEqual({ badRequest: { code: 400, message: "When resizing, instances must change flavor!" } });
    expect((await act(id, "resize", { flavorRef: "99" })).json!.badRequest.message).toBe("Flavor 99 could not be found.");
    await act(id, "resize", { flavorRef: "2" });
    expect([(await show(id)).status, (await show(id)).flavor.original_name]).toEqual(["VERIFY_RESIZE", "m1.small"]);
    expect((await act(id, "revertResize", null)).status).toBe(202);
    expect([(await show(id)).status, (await show(id)).flavor.original_name]).toEqual(["ACTIVE", "m1.tiny"]);
    await act(id, "resize", { flavorRef: "3" });
    expect((await act(id, "confirmResize", null)).status).toBe(204);
    expect((await show(id)).flavor.original_name).toBe("m1.medium");
    expect((await act(id, "confirmResize", null)).json!.conflictingRequest.message).toBe(`Cannot 'confirmResize' instance ${id} while it is in vm_state active`);
    const migrations = await call("listMigrations", "GET", `/os-migrations?instance_uuid=${id}`, { version: "2.80" });
    expect(migrations.json!.migrations.map((m: { status: string; migration_type: string }) => `${m.migration_type}:${m.status}`)).toEqual(["resize:confirmed", "resize:reverted"]);
  });

  it("rescue answers a password, shelve offloads, unshelve brings it back, rebuild answers the server", async () => {
    const id = await server("rescuer");
    const r = await act(id, "rescue", null);
    expect([r.status, typeof r.json!.adminPass]).toEqual([200, "string"]);
    expect((await show(id)).status).toBe("RESCUE");
    await act(id, "unrescue", null);
    await act(id, "shelve", null);
    const shelved = (await call("showServer", "GET", `/servers/${id}`, { version: "2.93" })).json!.server;
    expect([shelved.status, shelved["OS-EXT-SRV-ATTR:host"]]).toEqual(["SHELVED_OFFLOADED", null]);
    expect((await act(id, "shelveOffload", null)).status).toBe(409);
    await act(id, "unshelve", null);
    expect((await show(id)).status).toBe("ACTIVE");
    const rebuilt = await act(id, "rebuild", { imageRef: IMAGE, name: "rebuilt", metadata: { k: "v" } });
    expect([rebuilt.status, rebuilt.json!.server.name, rebuilt.json!.server.metadata, typeof rebuilt.json!.server.adminPass]).toEqual([202, "rebuilt", { k: "v" }, "string"]);
    expect((await act(id, "rebuild", { imageRef: IMAGE }, "2.74")).json!.server["OS-EXT-STS:vm_state"]).toBeUndefined();
  });

  it("createImage answers image_id from 2.45 and a Location before; createBackup rotates", async () => {
    const id = await server("imager");
    const r = await act(id, "createImage", { name: "snap" }, "2.45");
    expect(ctx.cloud.state.images.get(r.json!.image_id)?.name).toBe("snap");
    const old = await act(id, "createImage", { name: "snap2" }, "2.44");
    expect([old.status, old.json, old.headers.get("location")]).toEqual([202, undefined, expect.stringMatching(/\/images\/[0-9a-f-]{36}$/)]);
    for (const n of [1, 2, 3]) await act(id, "createBackup", { name: `b${n}`, backup_type: "daily", rotation: 2 }, "2.45");
    expect([...ctx.cloud.state.images.values()].filter((i) => i.server_id === id && i.properties?.image_type === "backup").map((i) => i.name)).toEqual(["b2", "b3"]);
  });

  it("console output, consoles and remote consoles, crash dump, password, reset state, security groups", async () => {
    const id = await server("console");
    expect((await act(id, "os-getConsoleOutput", { length: 1 })).json).toEqual({ output: "LAST LINE" });
    expect((await act(id, "os-getVNCConsole", { type: "novnc" }, "2.5")).json!.console.url).toMatch(/^http:\/\/127\.0\.0\.1:6080\/vnc_lite\.html\?path=%3Ftoken%3D/);
    const remote = await call("createRemoteConsole", "POST", `/servers/${id}/remote-consoles`, { version: "2.93", body: { remote_console: { protocol: "serial", type: "serial" } } });
    const token = new URL(remote.json!.remote_console.url).searchParams.get("token")!;
    const auth = await call("showConsoleAuthToken", "GET", `/os-console-auth-tokens/${token}`, { version: "2.93" });
    expect(auth.json!.console.instance_uuid).toBe(id);
    expect((await act(id, "trigger_crash_dump", null, "2.17")).status).toBe(202);
    expect((await act(id, "changePassword", { adminPass: "x" })).status).toBe(202);
    await act(id, "os-resetState", { state: "error" });
    expect((await show(id)).status).toBe("ERROR");
    const mine = await server("demo-reset", { user: "demo" });
    expect((await act(mine, "os-resetState", { state: "active" }, "2.93", "demo")).json).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed." } });
    await act(id, "os-resetState", { state: "active" });
    // Neutron knows only the project's "default" group (the real cloud: 404 for any other).
    expect((await act(id, "addSecurityGroup", { name: "web" })).status).toBe(404);
    await act(id, "removeSecurityGroup", { name: "default" });
    expect((await show(id)).security_groups).toEqual([]);
    expect((await act(id, "removeSecurityGroup", { name: "default" })).status).toBe(400);
    await act(id, "addSecurityGroup", { name: "default" });
    expect((await show(id)).security_groups).toEqual([{ name: "default" }]);
    // The scheduler put it on sandbox-2, the least loaded host, whose service is up.
    expect((await act(id, "evacuate", {})).json!.badRequest.message).toBe("Compute service of sandbox-2 is still in use.");
    expect((await act(id, "restore", null)).status).toBe(409);
    expect((await act(id, "forceDelete", null)).status).toBe(202);
    expect((await call("showServer", "GET", `/servers/${id}`)).status).toBe(404);
  });

  it("the typed library drives the same actions (nova.servers.*)", async () => {
    const nova = await createNovaClient({ authUrl: ctx.cloud.authUrl, username: "admin", password: "secret", projectName: "admin", userDomainName: "Default", projectDomainName: "Default" });
    const created = await nova.servers.create({ body: { server: { name: "lib-vm", flavorRef: "1", imageRef: IMAGE, networks: "none" } } });
    const id = (created as { server: { id: string } }).server.id;
    await nova.servers.reboot({ server_id: id, body: { type: "SOFT" } });
    await nova.servers.stop({ server_id: id, body: null });
    expect((await nova.servers.get({ server_id: id })).server.status).toBe("SHUTOFF");
    await nova.servers.delete({ server_id: id });
  });
});

describe("instance actions", () => {
  it("records create and each action with the request id, user, project and events; kept after delete (2.21)", async () => {
    const r = await call("createServer", "POST", "/servers", { version: "2.93", body: { server: { name: "audited", flavorRef: "1", imageRef: IMAGE, networks: "none" } } });
    const id = r.json!.server.id;
    const stop = await act(id, "os-stop", null);
    const list = await call("listInstanceActions", "GET", `/servers/${id}/os-instance-actions`, { version: "2.93" });
    expect(list.json!.instanceActions.map((a: { action: string }) => a.action)).toEqual(["stop", "create"]);
    expect(list.json!.instanceActions[0].request_id).toBe(stop.headers.get("x-openstack-request-id"));
    expect(list.json!.instanceActions[1].request_id).toBe(r.headers.get("x-openstack-request-id"));
    const one = await call("showInstanceAction", "GET", `/servers/${id}/os-instance-actions/${list.json!.instanceActions[0].request_id}`, { version: "2.93" });
    expect(one.json!.instanceAction.events.map((e: { event: string; result: string }) => `${e.event}:${e.result}`)).toEqual(["compute_stop_instance:Success"]);
    const page = await call("listInstanceActions", "GET", `/servers/${id}/os-instance-actions?limit=1`, { version: "2.58" });
    expect(page.json!.links[0].rel).toBe("next");
    await call("deleteServer", "DELETE", `/servers/${id}`);
    expect((await call("listInstanceActions", "GET", `/servers/${id}/os-instance-actions`, { version: "2.21" })).json!.instanceActions[0].action).toBe("delete");
    expect((await call("listInstanceActions", "GET", `/servers/${id}/os-instance-actions`, { version: "2.20" })).status).toBe(404);
    expect((await call("showInstanceAction", "GET", `/servers/${id}/os-instance-actions/req-nope`, { version: "2.93" })).status).toBe(404);
  });
});
