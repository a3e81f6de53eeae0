import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NovaClient, createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

let cloud: Sandbox;
let nova: NovaClient;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
  nova = await createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin" });
});
afterAll(() => cloud.close());

describe("waiting for a server", () => {
  it("waits through a live migration until the server is ACTIVE again", async () => {
    const created = await nova.servers.create({ body: { server: { name: "mover", flavorRef: "1", imageRef: "70a599e0-31e7-49b7-b260-868f441e862b", networks: "none" } } });
    if (!("server" in created)) throw new Error("expected a server, not a reservation id");
    const { server } = created;
    await nova.servers.waitFor(server.id, "ACTIVE", { intervalMs: 100 });
    await nova.servers.migrateLive({ server_id: server.id, body: { host: null, block_migration: "auto" } });
    expect((await nova.servers.get({ server_id: server.id })).server.status).toBe("MIGRATING");
    const done = await nova.servers.waitFor(server.id, "ACTIVE", { intervalMs: 250, timeoutMs: 20_000 });
    expect(done.status).toBe("ACTIVE");
  });

  it("stops at ERROR with the server's fault, and on timeout", async () => {
    const web = [...cloud.state.servers.values()].find((s) => s.name === "web-1")!;
    web.status = "ERROR";
    await expect(nova.servers.waitFor(web.id, "ACTIVE", { intervalMs: 10 })).rejects.toThrow(`Server ${web.id} went to ERROR instead of ACTIVE`);
    await expect(nova.servers.waitFor(web.id, "SHUTOFF", { intervalMs: 50, timeoutMs: 120, failOn: [] })).rejects.toThrow("is still ERROR after 0.12 s");
  });

  it("waits until a deleted server is gone", async () => {
    const db = [...cloud.state.servers.values()].find((s) => s.name === "db-1")!;
    await nova.servers.delete({ server_id: db.id });
    await nova.servers.waitForDeletion(db.id, { intervalMs: 10 });
    await expect(nova.servers.get({ server_id: db.id })).rejects.toMatchObject({ status: 404 });
  });
});
