import { describe, expect, it } from "vitest";
import { createNovaClient } from "../../src/index.js";
import { useSandbox } from "./harness.js";

const { ctx, call, server } = useSandbox("2.104");

describe("keypairs", () => {
  it("generates a key pair (before 2.92) with a private key, imports one, lists, shows, deletes", async () => {
    const gen = await call("createKeypair", "POST", "/os-keypairs", { version: "2.10", body: { keypair: { name: "gen" } } });
    expect(gen.status).toBe(201);
    expect(gen.json!.keypair.public_key).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ /);
    expect(gen.json!.keypair.private_key).toContain("-----BEGIN RSA PRIVATE KEY-----");
    expect(gen.json!.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const imported = await call("createKeypair", "POST", "/os-keypairs", { version: "2.92", body: { keypair: { name: "imp@x", public_key: gen.json!.keypair.public_key } } });
    expect([imported.status, imported.json!.keypair.fingerprint, imported.json!.keypair.private_key]).toEqual([201, gen.json!.keypair.fingerprint, undefined]);
    expect((await call("createKeypair", "POST", "/os-keypairs", { version: "2.92", body: { keypair: { name: "bad", public_key: "ssh-rsa nope" } } })).status).toBe(400);
    expect((await call("createKeypair", "POST", "/os-keypairs", { version: "2.1", body: { keypair: { name: "gen" } } })).json).toEqual({ conflictingRequest: { code: 409, message: "Key pair 'gen' already exists." } });
    const list = await call("listKeypairs", "GET", "/os-keypairs", { version: "2.35" });
    // After the seeded admin-ssh and admin-x509.
    expect(list.json!.keypairs.map((k: { keypair: { name: string; type: string } }) => [k.keypair.name, k.keypair.type])).toEqual([
      ["admin-ssh", "ssh"],
      ["admin-x509", "x509"],
      ["gen", "ssh"],
      ["imp@x", "ssh"],
    ]);
    expect((await call("listKeypairs", "GET", "/os-keypairs?limit=1", { version: "2.35" })).json!.keypairs_links[0].rel).toBe("next");
    const one = await call("showKeypair", "GET", "/os-keypairs/gen", { version: "2.2" });
    expect([one.json!.keypair.type, one.json!.keypair.deleted]).toEqual(["ssh", false]);
    expect((await call("deleteKeypair", "DELETE", "/os-keypairs/gen", { version: "2.1" })).status).toBe(202);
    expect((await call("deleteKeypair", "DELETE", "/os-keypairs/imp@x", { version: "2.2" })).status).toBe(204);
    expect((await call("showKeypair", "GET", "/os-keypairs/gen")).status).toBe(404);
  });

  it("admins act on another user's key pairs with user_id (2.10); others may not", async () => {
    const demo = ctx.cloud.state.users.find((u) => u.name === "demo")!;
    const nova = await createNovaClient({ authUrl: ctx.cloud.authUrl, username: "admin", password: "secret", projectName: "admin", userDomainName: "Default", projectDomainName: "Default" });
    await nova.keypairs.create({ body: { keypair: { name: "for-demo", user_id: demo.id, public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZyb21kZW1vZm9yZGVtb2Zyb21kZW1vZm9yZGVtbzE= demo" } } });
    const theirs = await call("listKeypairs", "GET", "/os-keypairs", { user: "demo", version: "2.10" });
    expect(theirs.json!.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(["for-demo"]);
    expect((await call("listKeypairs", "GET", "/os-keypairs?user_id=someone", { user: "demo", version: "2.10" })).status).toBe(403);
    expect((await call("createServer", "POST", "/servers", { user: "demo", version: "2.93", body: { server: { name: "k", flavorRef: "1", imageRef: "70a599e0-31e7-49b7-b260-868f441e862b", networks: "none", key_name: "for-demo" } } })).status).toBe(202);
  });
});

describe("server groups", () => {
  it("create/list/show/delete with policies before 2.64 and policy+rules after; members from scheduler_hints.group", async () => {
    const old = await call("createServerGroup", "POST", "/os-server-groups", { version: "2.15", body: { server_group: { name: "old", policies: ["soft-affinity"] } } });
    expect([old.json!.server_group.policies, old.json!.server_group.policy]).toEqual([["soft-affinity"], undefined]);
    const g = await call("createServerGroup", "POST", "/os-server-groups", { version: "2.64", body: { server_group: { name: "anti", policy: "anti-affinity", rules: { max_server_per_host: 1 } } } });
    const id = g.json!.server_group.id;
    expect((await call("createServerGroup", "POST", "/os-server-groups", { version: "2.64", body: { server_group: { name: "x", policy: "affinity", rules: { max_server_per_host: 1 } } } })).status).toBe(400);
    const first = await server("g1", { outer: { "os:scheduler_hints": { group: id } } });
    const second = await server("g2", { outer: { "os:scheduler_hints": { group: id } } });
    const third = await server("g3", { outer: { "os:scheduler_hints": { group: id } } });
    const shown = await call("showServerGroup", "GET", `/os-server-groups/${id}`, { version: "2.64" });
    expect(shown.json!.server_group.members).toEqual([first, second, third]);
    const [s1, s2, s3] = await Promise.all([first, second, third].map(async (x) => (await call("showServer", "GET", `/servers/${x}`, { version: "2.71" })).json!.server));
    // Two schedulable hosts (sandbox-3 is in maintenance): a hard anti-affinity group has room for one member on each.
    expect([s1["OS-EXT-SRV-ATTR:host"], s2["OS-EXT-SRV-ATTR:host"]]).toEqual(["sandbox-2", "sandbox"]);
    expect([s3.status, s3.fault?.message, s3.server_groups]).toEqual(["ERROR", "No valid host was found. There are not enough hosts available.", [id]]);
    expect((await call("listServerGroups", "GET", "/os-server-groups", { version: "2.64" })).json!.server_groups.map((x: { name: string }) => x.name)).toEqual(["old", "anti"]);
    expect((await call("listServerGroups", "GET", "/os-server-groups", { user: "demo" })).json!.server_groups).toEqual([]);
    await call("deleteServer", "DELETE", `/servers/${first}`);
    expect((await call("showServerGroup", "GET", `/os-server-groups/${id}`)).json!.server_group.members).toEqual([second, third]);
    expect((await call("deleteServerGroup", "DELETE", `/os-server-groups/${id}`)).status).toBe(204);
    expect((await call("showServerGroup", "GET", `/os-server-groups/${id}`)).status).toBe(404);
  });
});

describe("Glance's image listing as python-novaclient's find_images asks it", () => {
  it("id=in: lists those ids; names=in: is a property filter no image matches", async () => {
    const list = async (query: string) => {
      const r = await fetch(new URL(`/image/v2/images?${query}`, ctx.cloud.computeUrl), { headers: { "X-Auth-Token": ctx.tokens.admin! } });
      return ((await r.json()) as { images: { id: string }[] }).images.map((i) => i.id);
    };
    expect(await list("id=in:70a599e0-31e7-49b7-b260-868f441e862b,nope")).toEqual(["70a599e0-31e7-49b7-b260-868f441e862b"]);
    expect(await list("names=in:cirros")).toEqual([]);
  });
});

describe("aggregates", () => {
  it("CRUD, add_host/remove_host/set_metadata, availability zone in metadata, admin only", async () => {
    const c = await call("createAggregate", "POST", "/os-aggregates", { version: "2.41", body: { aggregate: { name: "agg1", availability_zone: "nova" } } });
    // Nova's create reply has neither hosts nor metadata (python-novaclient then fetches the aggregate).
    expect([c.json!.aggregate.hosts, c.json!.aggregate.metadata]).toEqual([undefined, undefined]);
    const id = c.json!.aggregate.id;
    expect((await call("createAggregate", "POST", "/os-aggregates", { body: { aggregate: { name: "agg1" } } })).status).toBe(409);
    const added = await call("aggregateAction.add_host", "POST", `/os-aggregates/${id}/action`, { version: "2.41", body: { add_host: { host: "sandbox" } } });
    expect([added.json!.aggregate.hosts, added.json!.aggregate.metadata]).toEqual([["sandbox"], { availability_zone: "nova" }]);
    expect((await call("aggregateAction.add_host", "POST", `/os-aggregates/${id}/action`, { body: { add_host: { host: "nohost" } } })).status).toBe(404);
    const meta = await call("aggregateAction.set_metadata", "POST", `/os-aggregates/${id}/action`, { body: { set_metadata: { metadata: { ssd: "true", availability_zone: null } } } });
    expect([meta.json!.aggregate.metadata, meta.json!.aggregate.availability_zone]).toEqual([{ ssd: "true" }, null]);
    expect((await call("deleteAggregate", "DELETE", `/os-aggregates/${id}`)).status).toBe(400);
    await call("aggregateAction.remove_host", "POST", `/os-aggregates/${id}/action`, { body: { remove_host: { host: "sandbox" } } });
    expect((await call("updateAggregate", "PUT", `/os-aggregates/${id}`, { body: { aggregate: { name: "agg2" } } })).json!.aggregate.name).toBe("agg2");
    expect((await call("cacheAggregateImages", "POST", `/os-aggregates/${id}/images`, { version: "2.81", body: { cache: [{ id: "70a599e0-31e7-49b7-b260-868f441e862b" }] } })).status).toBe(202);
    expect((await call("listAggregates", "GET", "/os-aggregates", { user: "demo" })).status).toBe(403);
    expect((await call("deleteAggregate", "DELETE", `/os-aggregates/${id}`)).status).toBe(200);
    expect((await call("listAggregates", "GET", "/os-aggregates")).json!.aggregates.map((a: { name: string }) => a.name)).toEqual(["rack-b"]);
  });
});
