import { describe, expect, it } from "vitest";
import { useSandbox } from "./harness.js";

const { call, server } = useSandbox("2.104");
const VOL = "a07f71dc-8151-4e7d-a0cc-cd24a3f11113";
const VOL2 = "227cc671-f30b-4488-96fd-7d0bf13648d8";

describe("server tags and metadata", () => {
  it("tags: replace, add (201 then 204), check, delete one, delete all", async () => {
    const id = await server("tagged");
    const v = "2.26";
    expect((await call("replaceServerTags", "PUT", `/servers/${id}/tags`, { version: v, body: { tags: ["a", "b"] } })).json).toEqual({ tags: ["a", "b"] });
    const added = await call("addServerTag", "PUT", `/servers/${id}/tags/c`, { version: v });
    expect([added.status, added.headers.get("location")]).toEqual([201, expect.stringMatching(new RegExp(`/servers/${id}/tags/c$`))]);
    expect((await call("addServerTag", "PUT", `/servers/${id}/tags/c`, { version: v })).status).toBe(204);
    expect((await call("checkServerTag", "GET", `/servers/${id}/tags/c`, { version: v })).status).toBe(204);
    expect((await call("checkServerTag", "GET", `/servers/${id}/tags/zz`, { version: v })).status).toBe(404);
    expect((await call("listServers", "GET", "/servers?tags=a,c", { version: v })).json!.servers.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await call("deleteServerTag", "DELETE", `/servers/${id}/tags/a`, { version: v })).status).toBe(204);
    expect((await call("listServerTags", "GET", `/servers/${id}/tags`, { version: v })).json).toEqual({ tags: ["b", "c"] });
    expect((await call("deleteServerTags", "DELETE", `/servers/${id}/tags`, { version: v })).status).toBe(204);
    expect((await call("showServer", "GET", `/servers/${id}`, { version: v })).json!.server.tags).toEqual([]);
    expect((await call("listServerTags", "GET", `/servers/${id}/tags`, { version: "2.25" })).status).toBe(404);
  });

  it("metadata: replace, merge, show, set one (URI must match), delete; quota of 128 items", async () => {
    const id = await server("meta");
    expect((await call("replaceServerMetadata", "PUT", `/servers/${id}/metadata`, { body: { metadata: { a: "1" } } })).json).toEqual({ metadata: { a: "1" } });
    expect((await call("updateServerMetadata", "POST", `/servers/${id}/metadata`, { body: { metadata: { b: "2" } } })).json).toEqual({ metadata: { a: "1", b: "2" } });
    expect((await call("showServerMetadataItem", "GET", `/servers/${id}/metadata/b`)).json).toEqual({ meta: { b: "2" } });
    expect((await call("setServerMetadataItem", "PUT", `/servers/${id}/metadata/c`, { body: { meta: { c: "3" } } })).json).toEqual({ meta: { c: "3" } });
    expect((await call("setServerMetadataItem", "PUT", `/servers/${id}/metadata/c`, { body: { meta: { d: "3" } } })).json!.badRequest.message).toBe("Request body and URI mismatch");
    expect((await call("deleteServerMetadataItem", "DELETE", `/servers/${id}/metadata/a`)).status).toBe(204);
    expect((await call("showServerMetadataItem", "GET", `/servers/${id}/metadata/a`)).status).toBe(404);
    expect((await call("listServerMetadata", "GET", `/servers/${id}/metadata`)).json).toEqual({ metadata: { b: "2", c: "3" } });
    const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, "v"]));
    expect((await call("replaceServerMetadata", "PUT", `/servers/${id}/metadata`, { body: { metadata: many } })).status).toBe(403);
  });
});

describe("volume attachments and interfaces", () => {
  it("attach (200 before 2.101, 202 from), list, show, swap/update, detach; the server shows its volumes", async () => {
    const id = await server("vols");
    const a = await call("createVolumeAttachment", "POST", `/servers/${id}/os-volume_attachments`, { version: "2.79", body: { volumeAttachment: { volumeId: VOL, delete_on_termination: true } } });
    expect([a.status, a.json!.volumeAttachment.device, a.json!.volumeAttachment.delete_on_termination]).toEqual([200, "/dev/vdb", true]);
    expect((await call("createVolumeAttachment", "POST", `/servers/${id}/os-volume_attachments`, { version: "2.79", body: { volumeAttachment: { volumeId: VOL } } })).status).toBe(400);
    const shown = await call("showServer", "GET", `/servers/${id}`, { version: "2.93" });
    expect(shown.json!.server["os-extended-volumes:volumes_attached"]).toEqual([{ id: VOL, delete_on_termination: true }]);
    const one = await call("showVolumeAttachment", "GET", `/servers/${id}/os-volume_attachments/${VOL}`, { version: "2.89" });
    expect([one.json!.volumeAttachment.id, typeof one.json!.volumeAttachment.bdm_uuid]).toEqual([undefined, "string"]);
    expect((await call("updateVolumeAttachment", "PUT", `/servers/${id}/os-volume_attachments/${VOL}`, { version: "2.85", body: { volumeAttachment: { volumeId: VOL, delete_on_termination: false } } })).status).toBe(202);
    expect((await call("updateVolumeAttachment", "PUT", `/servers/${id}/os-volume_attachments/${VOL}`, { version: "2.85", body: { volumeAttachment: { volumeId: VOL, device: "/dev/vdz" } } })).status).toBe(400);
    expect((await call("updateVolumeAttachment", "PUT", `/servers/${id}/os-volume_attachments/${VOL}`, { body: { volumeAttachment: { volumeId: VOL2 } } })).status).toBe(202);
    const list = await call("listVolumeAttachments", "GET", `/servers/${id}/os-volume_attachments`, { version: "2.89" });
    expect(list.json!.volumeAttachments.map((x: { volumeId: string; delete_on_termination: boolean }) => [x.volumeId, x.delete_on_termination])).toEqual([[VOL2, false]]);
    expect((await call("createVolumeAttachment", "POST", `/servers/${id}/os-volume_attachments`, { version: "2.101", body: { volumeAttachment: { volumeId: VOL } } })).status).toBe(202);
    expect((await call("deleteVolumeAttachment", "DELETE", `/servers/${id}/os-volume_attachments/${VOL2}`)).status).toBe(202);
    expect((await call("showVolumeAttachment", "GET", `/servers/${id}/os-volume_attachments/${VOL2}`)).status).toBe(404);
    const actions = await call("listInstanceActions", "GET", `/servers/${id}/os-instance-actions`);
    expect(actions.json!.instanceActions.map((x: { action: string }) => x.action)).toEqual(["detach_volume", "attach_volume", "swap_volume", "attach_volume", "create"]);
  });

  it("interfaces: list (the seed's too), attach on the network, show, detach; addresses follow", async () => {
    const seeded = await call("listServersDetail", "GET", "/servers/detail?name=^db-1$");
    const db = seeded.json!.servers[0].id;
    const ports = await call("listInterfaceAttachments", "GET", `/servers/${db}/os-interface`, { version: "2.70" });
    expect(ports.json!.interfaceAttachments.map((p: { fixed_ips: { ip_address: string }[] }) => p.fixed_ips[0]!.ip_address)).toEqual(["10.0.0.6"]);
    const id = await server("nics", { extra: { networks: "none" } });
    const net = "3cb9bc59-5699-4588-a4b1-b87f96708bc6";
    const att = await call("createInterfaceAttachment", "POST", `/servers/${id}/os-interface`, { version: "2.70", body: { interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "10.0.0.200" }], tag: "nic1" } } });
    expect([att.json!.interfaceAttachment.tag, att.json!.interfaceAttachment.fixed_ips[0].ip_address]).toEqual(["nic1", "10.0.0.200"]);
    const port = att.json!.interfaceAttachment.port_id;
    expect((await call("showServer", "GET", `/servers/${id}`)).json!.server.addresses.private[0].addr).toBe("10.0.0.200");
    expect((await call("createInterfaceAttachment", "POST", `/servers/${id}/os-interface`, { body: { interfaceAttachment: { net_id: "11111111-1111-1111-1111-111111111111" } } })).status).toBe(404);
    expect((await call("createInterfaceAttachment", "POST", `/servers/${id}/os-interface`, { body: { interfaceAttachment: { net_id: net, fixed_ips: [{ ip_address: "10.0.0.200" }] } } })).status).toBe(409);
    expect((await call("showInterfaceAttachment", "GET", `/servers/${id}/os-interface/${port}`)).json!.interfaceAttachment.port_id).toBe(port);
    expect((await call("deleteInterfaceAttachment", "DELETE", `/servers/${id}/os-interface/${port}`)).status).toBe(202);
    expect((await call("showServer", "GET", `/servers/${id}`)).json!.server.addresses).toEqual({});
    expect((await call("showInterfaceAttachment", "GET", `/servers/${id}/os-interface/${port}`)).status).toBe(404);
  });
});

describe("migrations", () => {
  it("live migration runs (server MIGRATING, listed under the server) until force_complete; abort cancels; os-migrations lists them", async () => {
    const id = await server("mover");
    const act = (inner: unknown, v = "2.30") => call("serverAction.os-migrateLive", "POST", `/servers/${id}/action`, { version: v, body: { "os-migrateLive": inner } });
    expect((await act({ host: "nohost", block_migration: "auto" })).json!.badRequest.message).toBe("Compute host nohost could not be found.");
    expect((await act({ host: null, block_migration: "auto" })).status).toBe(202);
    expect((await call("showServer", "GET", `/servers/${id}`)).json!.server.status).toBe("MIGRATING");
    const running = await call("listServerMigrations", "GET", `/servers/${id}/migrations`, { version: "2.80" });
    const mid = running.json!.migrations[0].id;
    expect(running.json!.migrations[0].status).toBe("running");
    expect((await call("showServerMigration", "GET", `/servers/${id}/migrations/${mid}`, { version: "2.80" })).json!.migration.server_uuid).toBe(id);
    const all = await call("listMigrations", "GET", `/os-migrations?instance_uuid=${id}`, { version: "2.80" });
    expect(all.json!.migrations[0].links[0].href).toContain(`/servers/${id}/migrations/${mid}`);
    expect((await call("serverMigrationAction.force_complete", "POST", `/servers/${id}/migrations/${mid}/action`, { version: "2.22", body: { force_complete: null } })).status).toBe(202);
    expect((await call("showServer", "GET", `/servers/${id}`)).json!.server.status).toBe("ACTIVE");
    expect((await call("showServerMigration", "GET", `/servers/${id}/migrations/${mid}`, { version: "2.80" })).status).toBe(404);
    await act({ host: null, block_migration: "auto" });
    const second = (await call("listServerMigrations", "GET", `/servers/${id}/migrations`, { version: "2.24" })).json!.migrations[0].id;
    expect((await call("deleteServerMigration", "DELETE", `/servers/${id}/migrations/${second}`, { version: "2.24" })).status).toBe(202);
    const done = await call("listMigrations", "GET", `/os-migrations?instance_uuid=${id}`, { version: "2.59" });
    expect(done.json!.migrations.map((m: { status: string }) => m.status)).toEqual(["cancelled", "completed"]);
    expect((await call("listMigrations", "GET", "/os-migrations", { user: "demo" })).status).toBe(403);
    const cold = await call("serverAction.migrate", "POST", `/servers/${id}/action`, { version: "2.56", body: { migrate: { host: null } } });
    expect(cold.status).toBe(202);
    expect((await call("showServer", "GET", `/servers/${id}`)).json!.server.status).toBe("VERIFY_RESIZE");
    expect((await call("listMigrations", "GET", `/os-migrations?migration_type=migration&instance_uuid=${id}`, { version: "2.23" })).json!.migrations[0].status).toBe("finished");
  });
});
