import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

let cloud: Sandbox;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93", servers: 9 });
});
afterAll(() => cloud.close());

const admin = (more: { microversion?: string; authUrl?: string } = {}) => ({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin", userDomainName: "Default", projectDomainName: "Default", ...more });
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZyb21kZW1vZm9yZGVtb2Zyb21kZW1vZm9yZGVtbzE= pager";

/** The GETs of `path` (under the compute endpoint) the sandbox received since `before`, with their queries. */
const requestsSince = (sandbox: Sandbox, before: number, path: string) => sandbox.requests.slice(before).filter((r) => r.split("?")[0] === `GET /compute/v2.1${path}`);

/**
 * The requests a pager must make for `whole` in pages of `limit`: the first without a marker,
 * then one after each full page, its marker the last item's (a full last page still asks once
 * more and gets an empty page, as from Nova).
 */
function expectedRequests(path: string, query: string, whole: readonly unknown[], limit: number, markerOf: (item: never) => string): string[] {
  const pages = Math.floor(whole.length / limit) + 1;
  return Array.from({ length: pages }, (_, i) => `GET /compute/v2.1${path}?${query}${i === 0 ? "" : `&marker=${encodeURIComponent(markerOf(whole[i * limit - 1] as never))}`}`);
}

describe("listAll and iterate over paged lists", () => {
  it("list every item once, in the order of one big page, with one request per page, for each paged resource", async () => {
    const nova = await createNovaClient(admin());
    // More than one page of each: flavors, key pairs and instance actions made through the API.
    for (const n of [1, 2, 3]) await nova.flavors.create({ body: { flavor: { name: `pager-${n}`, id: `pager-${n}`, ram: 256 * n, vcpus: 1, disk: n } } });
    for (const n of [1, 2, 3, 4]) await nova.keypairs.create({ body: { keypair: { name: `pager-${n}`, public_key: PUBLIC_KEY } } });
    const [server] = await nova.servers.listAll();
    for (let n = 0; n < 3; n++) {
      await nova.servers.lock({ server_id: server!.id, body: null });
      await nova.servers.unlock({ server_id: server!.id, body: null });
    }
    const cases = [
      { path: "/servers/detail", limit: 4, all: () => nova.servers.listAll({ limit: 4 }), one: async () => (await nova.servers.list({ limit: 1000 })).servers, markerOf: (s: { id: string }) => s.id },
      { path: "/servers", limit: 5, all: () => nova.servers.listSummaryAll({ limit: 5 }), one: async () => (await nova.servers.listSummary({ limit: 1000 })).servers, markerOf: (s: { id: string }) => s.id },
      { path: "/flavors/detail", limit: 3, all: () => nova.flavors.listAll({ limit: 3 }), one: async () => (await nova.flavors.list({ limit: 1000 })).flavors, markerOf: (f: { id: string }) => f.id },
      { path: "/os-keypairs", limit: 2, all: () => nova.keypairs.listAll({ limit: 2 }), one: async () => (await nova.keypairs.list({ limit: 1000 })).keypairs, markerOf: (k: { keypair: { name: string } }) => k.keypair.name },
      { path: "/os-hypervisors/detail", limit: 2, all: () => nova.hypervisors.listAll({ limit: 2 }), one: async () => (await nova.hypervisors.list({ limit: 1000 })).hypervisors, markerOf: (h: { id: string | number }) => String(h.id) },
      { path: "/os-migrations", limit: 2, all: () => nova.migrations.listAll({ limit: 2 }), one: async () => (await nova.migrations.list({ limit: 1000 })).migrations, markerOf: (m: { uuid?: string }) => m.uuid! },
      {
        path: `/servers/${server!.id}/os-instance-actions`,
        limit: 2,
        all: () => nova.instanceActions.listAll({ server_id: server!.id, limit: 2 }),
        one: async () => (await nova.instanceActions.list({ server_id: server!.id, limit: 1000 })).instanceActions,
        markerOf: (a: { request_id: string }) => a.request_id,
      },
    ];
    for (const { path, limit, all, one, markerOf } of cases) {
      const whole: unknown[] = await one();
      expect(whole.length, path).toBeGreaterThan(limit);
      const before = cloud.requests.length;
      const listed: unknown[] = await all();
      expect(listed, path).toEqual(whole);
      expect(new Set(listed.map((item) => JSON.stringify(item))).size, path).toBe(whole.length);
      expect(requestsSince(cloud, before, path), path).toEqual(expectedRequests(path, `limit=${limit}`, whole, limit, markerOf as (item: never) => string));
    }
  });

  it("iterate asks for a page only when the items before it are used up, and nothing more once the loop stops", async () => {
    const nova = await createNovaClient(admin());
    const before = cloud.requests.length;
    const items = nova.servers.iterate({ limit: 4 });
    expect(requestsSince(cloud, before, "/servers/detail")).toEqual([]);
    const seen: string[] = [];
    for await (const server of items) {
      seen.push(server.id);
      if (seen.length === 6) break;
    }
    const all = await nova.servers.listAll({ limit: 1000 });
    expect(seen).toEqual(all.slice(0, 6).map((s) => s.id));
    expect(requestsSince(cloud, before, "/servers/detail")).toEqual(["GET /compute/v2.1/servers/detail?limit=4", `GET /compute/v2.1/servers/detail?limit=4&marker=${all[3]!.id}`, "GET /compute/v2.1/servers/detail?limit=1000"]);
  });

  it("passes { signal } to every page: an abort between pages stops the next one", async () => {
    const nova = await createNovaClient(admin());
    const controller = new AbortController();
    const before = cloud.requests.length;
    let count = 0;
    const err = await (async () => {
      for await (const _ of nova.servers.iterate({ limit: 4 }, { signal: controller.signal })) {
        if (++count === 4) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(count).toBe(4);
    expect(requestsSince(cloud, before, "/servers/detail")).toEqual(["GET /compute/v2.1/servers/detail?limit=4"]);
  });

  it("pages lists that take limit and offset (no links) by offset: a short page, or an empty one, is the last", async () => {
    const nova = await createNovaClient(admin());
    for (const n of [1, 2, 3, 4, 5]) await nova.serverGroups.create({ body: { server_group: { name: `offset-${n}`, policy: "anti-affinity" } } });
    const whole = (await nova.serverGroups.list({ limit: 1000 })).server_groups;
    expect(whole.length).toBeGreaterThanOrEqual(5);
    const path = "/os-server-groups";
    // Pages of 2: the first without an offset, then after each full page; the short last page ends it.
    let before = cloud.requests.length;
    expect(await nova.serverGroups.listAll({ limit: 2 })).toEqual(whole);
    const pages = Math.floor(whole.length / 2) + 1;
    expect(requestsSince(cloud, before, path)).toEqual(Array.from({ length: pages }, (_, i) => `GET /compute/v2.1${path}?limit=2${i === 0 ? "" : `&offset=${2 * i}`}`));
    // No limit: the cloud's own page (all of them here), then one more request, which answers empty.
    before = cloud.requests.length;
    expect(await nova.serverGroups.listAll()).toEqual(whole);
    expect(requestsSince(cloud, before, path)).toEqual([`GET /compute/v2.1${path}`, `GET /compute/v2.1${path}?offset=${whole.length}`]);
    // Iterating from an offset, and leaving early: no page is asked for that is not used.
    before = cloud.requests.length;
    const seen: string[] = [];
    for await (const group of nova.serverGroups.iterate({ limit: 2, offset: 1 })) if (seen.push(group.id) === 3) break;
    expect(seen).toEqual(whole.slice(1, 4).map((g) => g.id));
    expect(requestsSince(cloud, before, path)).toEqual([`GET /compute/v2.1${path}?limit=2&offset=1`, `GET /compute/v2.1${path}?limit=2&offset=3`]);
  });

  it("takes a list without links (older microversions) as its one page", async () => {
    const nova = await createNovaClient(admin({ microversion: "2.32" }));
    const before = cloud.requests.length;
    const hypervisors = await nova.hypervisors.listAll();
    expect(hypervisors.map((h) => h.hypervisor_hostname)).toEqual(["sandbox.local", "sandbox-2.local", "sandbox-3.local"]);
    expect(requestsSince(cloud, before, "/os-hypervisors/detail")).toEqual(["GET /compute/v2.1/os-hypervisors/detail"]);
  });

  it("re-asks its own endpoint with the next link's marker, whatever host the link names, and stops at a marker it has seen", async () => {
    // A cloud behind a proxy whose links name its internal host, and that links a page to itself.
    const flavor = (id: string) => ({ id, name: `f-${id}`, ram: 512, disk: 1, vcpus: 1, links: [], "OS-FLV-EXT-DATA:ephemeral": 0, "OS-FLV-DISABLED:disabled": false, "os-flavor-access:is_public": true, swap: "", rxtx_factor: 1 });
    const next = (marker: string) => [{ rel: "next", href: `http://nova-api.internal:8774/v2.1/flavors/detail?limit=2&marker=${marker}` }];
    const odd = await startSandbox({
      handlers: {
        listFlavorsDetail: (ctx) => {
          const marker = ctx.query.get("marker");
          const body = marker === null ? { flavors: [flavor("a"), flavor("b")], flavors_links: next("b") } : { flavors: [flavor("c")], flavors_links: next("b") };
          return { status: 200, body };
        },
      },
    });
    try {
      const nova = await createNovaClient(admin({ authUrl: odd.authUrl }));
      const before = odd.requests.length;
      expect((await nova.flavors.listAll({ limit: 2 })).map((f) => f.id)).toEqual(["a", "b", "c"]);
      expect(requestsSince(odd, before, "/flavors/detail")).toEqual(["GET /compute/v2.1/flavors/detail?limit=2", "GET /compute/v2.1/flavors/detail?limit=2&marker=b"]);
    } finally {
      await odd.close();
    }
  });
});
