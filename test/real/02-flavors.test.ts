/** Flavors on a real Nova: create, show, list with filters and pages, extra specs, access, update, delete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaApiError, type NovaClient, isNotFound } from "../../src/index.js";
import { type Proxy, REQ_ID, RUN, column, connect, expectNoMismatches, keystoneToken, nova, property, startProxy, waitFor } from "./cloud.js";

let proxy: Proxy;
let admin: NovaClient;
let demo: NovaClient;
let demoProject: string;
const created = new Set<string>();
const publicId = `${RUN}-pub`;
const privateId = `${RUN}-priv`;
const cliName = `${RUN}.cli`;

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  demo = await connect("demo");
  demoProject = (await keystoneToken("demo")).projectId;
});
afterAll(async () => {
  for (const id of created) await admin.flavors.delete({ flavor_id: id }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const leftovers = (await admin.flavors.listAll({ is_public: "None" })).filter((f) => f.name.startsWith(RUN));
  for (const f of leftovers) await admin.flavors.delete({ flavor_id: f.id });
  await proxy?.close();
  expectNoMismatches();
});

describe("flavors through the library", () => {
  it("creates a public flavor with every field and shows it", async () => {
    const { flavor } = await admin.flavors.create({
      body: {
        flavor: {
          name: `${RUN}.public`,
          id: publicId,
          ram: 256,
          vcpus: 1,
          disk: 3,
          swap: 128,
          "OS-FLV-EXT-DATA:ephemeral": 2,
          rxtx_factor: 1.5,
          "os-flavor-access:is_public": true,
          description: "made by the real-cloud suite",
        },
      },
    });
    created.add(publicId);
    expect(flavor).toMatchObject({ id: publicId, name: `${RUN}.public`, ram: 256, vcpus: 1, disk: 3, swap: 128, "OS-FLV-EXT-DATA:ephemeral": 2, rxtx_factor: 1.5, "os-flavor-access:is_public": true, description: "made by the real-cloud suite", extra_specs: {} });
    const shown = await admin.flavors.get({ flavor_id: publicId });
    expect(shown.flavor).toEqual(flavor);
    expect((await admin.flavors.find(`${RUN}.public`)).id).toBe(publicId);
  });

  it("creates a private flavor with a generated id (and swap '' before 2.75)", async () => {
    const old = await connect("admin", { microversion: "2.60" });
    const { flavor } = await old.flavors.create({ body: { flavor: { name: `${RUN}.private`, id: privateId, ram: 128, vcpus: 2, disk: 1, "os-flavor-access:is_public": false } } });
    created.add(privateId);
    expect(flavor.swap).toBe("");
    expect(flavor["os-flavor-access:is_public"]).toBe(false);
    const generated = await admin.flavors.create({ body: { flavor: { name: `${RUN}.generated`, ram: 64, vcpus: 1, disk: 0 } } });
    created.add(generated.flavor.id);
    expect(generated.flavor.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.flavor.swap).toBe(0);
  });

  it("lists with every filter", async () => {
    const ids = (r: { flavors: { id: string }[] }) => r.flavors.map((f) => f.id);
    expect(ids(await admin.flavors.list())).toContain(publicId);
    expect(ids(await admin.flavors.list())).not.toContain(privateId);
    expect(ids(await admin.flavors.list({ is_public: "false" }))).toContain(privateId);
    expect(ids(await admin.flavors.list({ is_public: "None" }))).toEqual(expect.arrayContaining([publicId, privateId]));
    expect(ids(await admin.flavors.listSummary({ is_public: "None" }))).toEqual(expect.arrayContaining([publicId, privateId]));
    const big = await admin.flavors.list({ minRam: 4096 });
    expect(big.flavors.every((f) => f.ram >= 4096)).toBe(true);
    expect(ids(big)).toEqual(expect.arrayContaining(["3", "4", "5"]));
    const disks = await admin.flavors.list({ minDisk: 40 });
    expect(disks.flavors.every((f) => f.disk >= 40)).toBe(true);
    const byName = await admin.flavors.list({ sort_key: "name", sort_dir: "desc", is_public: "None" });
    const names = byName.flavors.map((f) => f.name);
    expect(names).toEqual([...names].sort().reverse());
    const byRam = await admin.flavors.list({ sort_key: "memory_mb", sort_dir: "asc" });
    const rams = byRam.flavors.map((f) => f.ram);
    expect(rams).toEqual([...rams].sort((a, b) => a - b));
  });

  it("pages with limit and marker, and listAll follows the next links to the end", async () => {
    const all = (await admin.flavors.list({ is_public: "None" })).flavors.map((f) => f.id);
    const first = await admin.flavors.list({ is_public: "None", limit: 2 });
    expect(first.flavors.map((f) => f.id)).toEqual(all.slice(0, 2));
    expect(first.flavors_links?.[0]?.rel).toBe("next");
    const second = await admin.flavors.list({ is_public: "None", limit: 2, marker: all[1] });
    expect(second.flavors.map((f) => f.id)).toEqual(all.slice(2, 4));
    const paged = await admin.flavors.listAll({ is_public: "None", limit: 2 });
    expect(paged.map((f) => f.id)).toEqual(all);
    const err = (await admin.flavors.list({ marker: "no-such-flavor" }).catch((e: unknown) => e)) as NovaApiError;
    expect(err).toBeInstanceOf(NovaApiError);
    expect([err.status, err.kind]).toEqual([400, "BadRequest"]);
    expect(err.message).toContain("marker");
  });

  it("sets, shows, updates and deletes extra specs", async () => {
    const set = await admin.flavorExtraSpecs.set({ flavor_id: publicId, body: { extra_specs: { "hw:cpu_policy": "dedicated", "hw:numa_nodes": "1" } } });
    expect(set.extra_specs).toEqual({ "hw:cpu_policy": "dedicated", "hw:numa_nodes": "1" });
    expect((await admin.flavorExtraSpecs.list({ flavor_id: publicId })).extra_specs).toEqual({ "hw:cpu_policy": "dedicated", "hw:numa_nodes": "1" });
    expect(await admin.flavorExtraSpecs.get({ flavor_id: publicId, flavor_extra_spec_key: "hw:cpu_policy" })).toEqual({ "hw:cpu_policy": "dedicated" });
    expect(await admin.flavorExtraSpecs.update({ flavor_id: publicId, flavor_extra_spec_key: "hw:cpu_policy", body: { "hw:cpu_policy": "shared" } })).toEqual({ "hw:cpu_policy": "shared" });
    expect((await admin.flavors.get({ flavor_id: publicId })).flavor.extra_specs).toEqual({ "hw:cpu_policy": "shared", "hw:numa_nodes": "1" });
    await admin.flavorExtraSpecs.delete({ flavor_id: publicId, flavor_extra_spec_key: "hw:numa_nodes" });
    expect((await admin.flavorExtraSpecs.list({ flavor_id: publicId })).extra_specs).toEqual({ "hw:cpu_policy": "shared" });
    const bad = (await admin.flavorExtraSpecs.set({ flavor_id: publicId, body: { extra_specs: { "hw:cpu_policy": "sometimes" } } }).catch((e: unknown) => e)) as NovaApiError;
    expect(bad.status).toBe(400);
    const missing = (await admin.flavorExtraSpecs.get({ flavor_id: publicId, flavor_extra_spec_key: "hw:numa_nodes" }).catch((e: unknown) => e)) as NovaApiError;
    expect(missing.status).toBe(404);
  });

  it("grants and revokes a project's access to a private flavor", async () => {
    expect((await admin.flavorAccess.list({ flavor_id: privateId })).flavor_access).toEqual([]);
    expect((await demo.flavors.list()).flavors.map((f) => f.id)).not.toContain(privateId);
    const added = await admin.flavorAccess.add({ flavor_id: privateId, body: { tenant: demoProject } });
    expect(added.flavor_access).toEqual([{ flavor_id: privateId, tenant_id: demoProject }]);
    expect((await admin.flavorAccess.list({ flavor_id: privateId })).flavor_access).toEqual([{ flavor_id: privateId, tenant_id: demoProject }]);
    expect((await demo.flavors.list()).flavors.map((f) => f.id)).toContain(privateId);
    expect((await demo.flavors.get({ flavor_id: privateId })).flavor.name).toBe(`${RUN}.private`);
    const removed = await admin.flavorAccess.remove({ flavor_id: privateId, body: { tenant: demoProject } });
    expect(removed.flavor_access).toEqual([]);
    const publicErr = (await admin.flavorAccess.list({ flavor_id: publicId }).catch((e: unknown) => e)) as NovaApiError;
    expect(publicErr.status).toBe(404);
  });

  it("updates the description, refuses it to a member, deletes", async () => {
    const { flavor } = await admin.flavors.update({ flavor_id: publicId, body: { flavor: { description: "updated" } } });
    expect(flavor.description).toBe("updated");
    const denied = (await demo.flavors.update({ flavor_id: publicId, body: { flavor: { description: "no" } } }).catch((e: unknown) => e)) as NovaApiError;
    expect([denied.status, denied.kind]).toEqual([403, "Forbidden"]);
    expect(denied.requestId).toMatch(REQ_ID);
    const generated = [...created].find((id) => id !== publicId && id !== privateId)!;
    await admin.flavors.delete({ flavor_id: generated });
    created.delete(generated);
    const gone = (await admin.flavors.get({ flavor_id: generated }).catch((e: unknown) => e)) as NovaApiError;
    expect([gone.status, gone.fault, gone.message]).toEqual([404, "itemNotFound", `Flavor ${generated} could not be found.`]);
  });
});

describe("flavors through the CLI", () => {
  it("flavor-create, flavor-show, flavor-key, flavor-access-*, flavor-update, flavor-delete", async () => {
    const create = await nova(proxy, ["flavor-create", "--is-public", "false", "--description", "cli made", "--swap", "64", "--ephemeral", "1", "--rxtx-factor", "2.0", cliName, "auto", "192", "2", "1"]);
    expect(create.code, create.stderr).toBe(0);
    const id = column(create.stdout)[0]!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    created.add(id);
    expect(create.stdout).toMatch(new RegExp(`\\| ${id} \\| ${cliName.replace(".", "\\.")} \\| 192 +\\| 2 +\\| 1 +\\| 64 +\\| 1 +\\| 2\\.0 +\\| False +\\| cli made +\\|`));
    const show = await nova(proxy, ["flavor-show", cliName]);
    expect(show.code, show.stderr).toBe(0);
    expect(property(show.stdout, "id")).toBe(id);
    expect(property(show.stdout, "os-flavor-access:is_public")).toBe("False");
    expect((await nova(proxy, ["flavor-key", cliName, "set", "hw:cpu_policy=dedicated", "quota:cpu_shares=10"])).code).toBe(0);
    expect((await admin.flavorExtraSpecs.list({ flavor_id: id })).extra_specs).toEqual({ "hw:cpu_policy": "dedicated", "quota:cpu_shares": "10" });
    expect((await nova(proxy, ["flavor-key", id, "unset", "quota:cpu_shares"])).code).toBe(0);
    expect((await admin.flavorExtraSpecs.list({ flavor_id: id })).extra_specs).toEqual({ "hw:cpu_policy": "dedicated" });
    const listed = await nova(proxy, ["flavor-list", "--all", "--extra-specs"]);
    expect(listed.stdout).toContain("{'hw:cpu_policy': 'dedicated'}");
    const add = await nova(proxy, ["flavor-access-add", cliName, demoProject]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`| ${id} | ${demoProject} |`);
    const access = await nova(proxy, ["flavor-access-list", "--flavor", cliName]);
    expect(access.stdout).toContain(`| ${id} | ${demoProject} |`);
    expect((await nova(proxy, ["flavor-access-remove", id, demoProject])).code).toBe(0);
    expect((await admin.flavorAccess.list({ flavor_id: id })).flavor_access).toEqual([]);
    const update = await nova(proxy, ["flavor-update", cliName, "new words"]);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/\| new words +\|/);
    const del = await nova(proxy, ["flavor-delete", cliName]);
    expect(del.code, del.stderr).toBe(0);
    created.delete(id);
    await waitFor("the flavor to be gone", () => admin.flavors.get({ flavor_id: id }).then(() => false, (e: unknown) => isNotFound(e)), (gone) => gone, 10);
  });

  it("flavor-list with every filter, following pages", async () => {
    const all = await nova(proxy, ["flavor-list", "--all"]);
    expect(all.code, all.stderr).toBe(0);
    expect(column(all.stdout)).toEqual(expect.arrayContaining(["1", "2", "3", "4", "5", publicId, privateId]));
    const filtered = await nova(proxy, ["flavor-list", "--min-ram", "4096", "--min-disk", "40", "--sort-key", "memory_mb", "--sort-dir", "desc"]);
    expect(column(filtered.stdout)).toEqual(["5", "4", "3"]);
    const before = proxy.requests.length;
    const page = await nova(proxy, ["flavor-list", "--limit", "2", "--marker", "1", "--sort-key", "flavorid", "--sort-dir", "asc"]);
    expect(page.code, page.stderr).toBe(0);
    expect(column(page.stdout)).toHaveLength(2);
    expect(proxy.requests.slice(before).map((r) => r.path)).toContain("/v2.1/flavors/detail?limit=2&marker=1&sort_dir=asc&sort_key=flavorid");
  });

  it("a member asking for an admin API gets one Forbidden line and exit 1", async () => {
    const r = await nova(proxy, ["flavor-create", `${RUN}.denied`, "auto", "64", "1", "1"], "demo");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(Forbidden\\): Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed\\. \\(HTTP 403\\) \\(Request-ID: ${REQ_ID.source}\\)\\n$`));
    const d = await nova(proxy, ["flavor-delete", "1"], "demo");
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/^ERROR \(Forbidden\): Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed\. \(HTTP 403\) \(Request-ID: req-[0-9a-f-]{36}\)\n$/);
  });
});

it("every reply matched the spec at its microversion", () => {
  expect(proxy.validated(), "the proxy checked the CLI's replies").toBeGreaterThan(0);
  expectNoMismatches();
});
