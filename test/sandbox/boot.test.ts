import { describe, expect, it } from "vitest";
import { IMAGE, useSandbox } from "./harness.js";

const { ctx, call, server } = useSandbox("2.104");
const WEB1 = "9168b536-cd40-4630-b43f-b259807c6e87";

/** A GET on another service of the sandbox (Glance, Neutron) with the admin's token. */
async function service(path: string): Promise<{ status: number; json: any }> {
  const r = await fetch(`${new URL(ctx.cloud.authUrl).origin}${path}`, { headers: { "X-Auth-Token": ctx.tokens.admin! } });
  return { status: r.status, json: await r.json().catch(() => undefined) };
}

describe("what boot and its neighbours need from the sandbox", () => {
  it("lists Neutron's networks, by name too, and the catalog names the network service", async () => {
    const all = await service("/network/v2.0/networks");
    expect(all.json.networks.map((n: { name: string }) => n.name)).toEqual(["private"]);
    expect((await service("/network/v2.0/networks?name=private")).json.networks[0]).toMatchObject({ id: "3cb9bc59-5699-4588-a4b1-b87f96708bc6", status: "ACTIVE" });
    expect((await service("/network/v2.0/networks?name=nope")).json.networks).toEqual([]);
  });

  it("shows Glance images with their fields and properties, a snapshot as its owner's private image", async () => {
    expect((await service(`/image/v2/images/${IMAGE}`)).json).toMatchObject({ id: IMAGE, name: "cirros", status: "active", visibility: "public", container_format: "bare" });
    const r = await call("serverAction.createImage", "POST", `/servers/${WEB1}/action`, { version: "2.45", body: { createImage: { name: "snap", metadata: { k: "v" } } } });
    const image = (await service(`/image/v2/images/${r.json!.image_id}`)).json;
    expect(image).toMatchObject({ name: "snap", k: "v", image_type: "snapshot", instance_uuid: WEB1, visibility: "private", owner: "6f70656e737461636b20342065766572" });
    const old = await call("serverAction.createImage", "POST", `/servers/${WEB1}/action`, { version: "2.44", body: { createImage: { name: "snap-old" } } });
    expect(old.headers.get("location")).toMatch(/\/image\/images\/[0-9a-f-]{36}$/);
  });

  it("shows a new server spawning at its first look, numbers it and its reservation", async () => {
    const id = await server("counted");
    const first = (await call("showServer", "GET", `/servers/${id}`, { version: "2.93" })).json!.server;
    expect([first.status, first["OS-EXT-STS:task_state"], first["OS-EXT-SRV-ATTR:instance_name"], first["OS-EXT-SRV-ATTR:reservation_id"]]).toEqual(["BUILD", "spawning", "instance-00000101", "r-00000001"]);
    expect((await call("showServer", "GET", `/servers/${id}`, { version: "2.93" })).json!.server.status).toBe("ACTIVE");
    const acted = await server("acted-on");
    expect((await call("serverAction.pause", "POST", `/servers/${acted}/action`, { body: { pause: null } })).status).toBe(202);
    expect((await call("showServer", "GET", `/servers/${acted}`)).json!.server.status).toBe("PAUSED");
  });

  it("answers a rebuild while it runs (REBUILD), the server ACTIVE at the next look", async () => {
    const r = await call("serverAction.rebuild", "POST", `/servers/${WEB1}/action`, { version: "2.93", body: { rebuild: { imageRef: IMAGE, adminPass: "pw" } } });
    expect([r.json!.server.status, r.json!.server["OS-EXT-STS:task_state"], r.json!.server.adminPass]).toEqual(["REBUILD", "rebuilding", "pw"]);
    expect((await call("showServer", "GET", `/servers/${WEB1}`)).json!.server.status).toBe("ACTIVE");
  });

  it("keeps the password a guest posted until it is cleared", async () => {
    expect((await call("showServerPassword", "GET", `/servers/${WEB1}/os-server-password`)).json).toEqual({ password: "" });
    ctx.cloud.state.servers.get(WEB1)!.password = "c2VjcmV0";
    expect((await call("showServerPassword", "GET", `/servers/${WEB1}/os-server-password`)).json).toEqual({ password: "c2VjcmV0" });
    expect((await call("clearServerPassword", "DELETE", `/servers/${WEB1}/os-server-password`)).status).toBe(204);
    expect((await call("showServerPassword", "GET", `/servers/${WEB1}/os-server-password`)).json).toEqual({ password: "" });
  });
});
