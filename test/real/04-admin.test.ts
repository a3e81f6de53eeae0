/**
 * The rest of what this cloud serves: keypairs, server groups, aggregates, quotas, limits,
 * usage, services, hypervisors, availability zones, migrations, extensions, hosts; policy
 * refusals; and backup_instance, which real Nova does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaApiError, type NovaClient, isNotFound } from "../../src/index.js";
import { HOST, type Proxy, REQ_ID, RUN, UUID, connect, expectNoMismatches, glanceImages, keystoneToken, nova, startProxy, waitFor } from "./cloud.js";

let proxy: Proxy;
let admin: NovaClient;
let demo: NovaClient;
let adminProject: string;
let demoProject: string;
let demoUser: string;
const cleanups: (() => Promise<unknown>)[] = [];
const quiet = (p: Promise<unknown>) => p.catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));

beforeAll(async () => {
  proxy = await startProxy();
  admin = await connect("admin");
  demo = await connect("demo");
  adminProject = (await keystoneToken("admin")).projectId;
  const d = await keystoneToken("demo");
  demoProject = d.projectId;
  demoUser = d.userId;
});
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
  await proxy?.close();
  expectNoMismatches();
});

describe("keypairs", () => {
  it("imports, generates (before 2.92), lists with pages, shows and deletes", async () => {
    const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEOcZ3kH0Ynp7qQ7mDKL8JQm7J0BbkRM2iF4nnm1Y7ve suite@real";
    const imported = await admin.keypairs.create({ body: { keypair: { name: `${RUN}-imported`, public_key: publicKey, type: "ssh" } } });
    cleanups.push(() => quiet(admin.keypairs.delete({ keypair_name: `${RUN}-imported` })));
    expect(imported.keypair).toMatchObject({ name: `${RUN}-imported`, type: "ssh", public_key: publicKey });
    const old = await connect("admin", { microversion: "2.91" });
    const generated = await old.keypairs.create({ body: { keypair: { name: `${RUN}-generated` } } });
    cleanups.push(() => quiet(admin.keypairs.delete({ keypair_name: `${RUN}-generated` })));
    expect(generated.keypair.private_key).toContain("PRIVATE KEY");
    const refused = (await admin.keypairs.create({ body: { keypair: { name: `${RUN}-nokey` } } } as never).catch((e: unknown) => e)) as NovaApiError;
    expect(refused.status).toBe(400);
    const { keypairs } = await admin.keypairs.list();
    expect(keypairs.map((k) => k.keypair.name)).toEqual(expect.arrayContaining([`${RUN}-imported`, `${RUN}-generated`]));
    const page = await admin.keypairs.list({ limit: 1 });
    expect(page.keypairs).toHaveLength(1);
    const shown = await admin.keypairs.get({ keypair_name: `${RUN}-imported` });
    expect(shown.keypair).toMatchObject({ name: `${RUN}-imported`, user_id: expect.any(String), fingerprint: imported.keypair.fingerprint });
    const forDemo = await admin.keypairs.create({ body: { keypair: { name: `${RUN}-fordemo`, public_key: publicKey, user_id: demoUser } } });
    cleanups.push(() => quiet(admin.keypairs.delete({ keypair_name: `${RUN}-fordemo`, user_id: demoUser })));
    expect(forDemo.keypair.user_id).toBe(demoUser);
    expect((await demo.keypairs.list()).keypairs.map((k) => k.keypair.name)).toContain(`${RUN}-fordemo`);
    expect((await admin.keypairs.list({ user_id: demoUser })).keypairs.map((k) => k.keypair.name)).toEqual([`${RUN}-fordemo`]);
    await admin.keypairs.delete({ keypair_name: `${RUN}-generated` });
    const gone = (await admin.keypairs.get({ keypair_name: `${RUN}-generated` }).catch((e: unknown) => e)) as NovaApiError;
    expect(gone.status).toBe(404);
  });
});

describe("server groups", () => {
  it("creates with a policy and rules, lists (all projects, paged), shows, deletes", async () => {
    const { server_group } = await admin.serverGroups.create({ body: { server_group: { name: `${RUN}-group`, policy: "anti-affinity", rules: { max_server_per_host: 2 } } } as never });
    cleanups.push(() => quiet(admin.serverGroups.delete({ server_group_id: server_group.id })));
    expect(server_group).toMatchObject({ name: `${RUN}-group`, policy: "anti-affinity", rules: { max_server_per_host: 2 }, members: [], project_id: adminProject });
    const demoGroup = await demo.serverGroups.create({ body: { server_group: { name: `${RUN}-demo-group`, policy: "affinity" } } as never });
    cleanups.push(() => quiet(admin.serverGroups.delete({ server_group_id: demoGroup.server_group.id })));
    const mine = (await admin.serverGroups.list()).server_groups.map((g) => g.id);
    expect(mine).toContain(server_group.id);
    expect(mine).not.toContain(demoGroup.server_group.id);
    const all = (await admin.serverGroups.list({ all_projects: "True" })).server_groups.map((g) => g.id);
    expect(all).toEqual(expect.arrayContaining([server_group.id, demoGroup.server_group.id]));
    expect((await admin.serverGroups.list({ all_projects: "True", limit: 1, offset: 1 })).server_groups).toHaveLength(1);
    expect((await admin.serverGroups.get({ server_group_id: server_group.id })).server_group.name).toBe(`${RUN}-group`);
    const old = await connect("admin", { microversion: "2.63" });
    expect((await old.serverGroups.get({ server_group_id: server_group.id })).server_group.policies).toEqual(["anti-affinity"]);
    await demo.serverGroups.delete({ server_group_id: demoGroup.server_group.id });
    expect(((await admin.serverGroups.get({ server_group_id: demoGroup.server_group.id }).catch((e: unknown) => e)) as NovaApiError).status).toBe(404);
  });
});

describe("aggregates and availability zones", () => {
  it("creates, updates, adds and removes host realcloud, sets metadata, caches images, deletes", async () => {
    const { aggregate } = await admin.aggregates.create({ body: { aggregate: { name: `${RUN}-agg`, availability_zone: `${RUN}-az` } } });
    cleanups.push(async () => {
      await admin.aggregates.removeHost({ aggregate_id: aggregate.id, body: { host: HOST } }).catch(() => undefined);
      await quiet(admin.aggregates.delete({ aggregate_id: aggregate.id }));
    });
    expect(aggregate).toMatchObject({ name: `${RUN}-agg`, availability_zone: `${RUN}-az`, uuid: expect.stringMatching(UUID) });
    const updated = await admin.aggregates.update({ aggregate_id: aggregate.id, body: { aggregate: { name: `${RUN}-agg2` } } });
    expect(updated.aggregate.name).toBe(`${RUN}-agg2`);
    const added = await admin.aggregates.addHost({ aggregate_id: aggregate.id, body: { host: HOST } });
    expect(added.aggregate.hosts).toEqual([HOST]);
    const zones = await admin.availabilityZones.listDetail();
    const zone = zones.availabilityZoneInfo.find((z) => z.zoneName === `${RUN}-az`);
    expect(zone?.zoneState.available).toBe(true);
    expect(Object.keys(zone?.hosts ?? {})).toEqual([HOST]);
    const meta = await admin.aggregates.setMetadata({ aggregate_id: aggregate.id, body: { metadata: { ssd: "true", gone: null } } });
    expect(meta.aggregate.metadata).toMatchObject({ ssd: "true", availability_zone: `${RUN}-az` });
    const cirros = (await glanceImages()).find((i) => i.name === "cirros")!.id;
    await admin.aggregates.cacheImages({ aggregate_id: aggregate.id, body: { cache: [{ id: cirros }] } });
    expect((await admin.aggregates.list()).aggregates.map((a) => a.id)).toContain(aggregate.id);
    expect((await admin.aggregates.get({ aggregate_id: aggregate.id })).aggregate.hosts).toEqual([HOST]);
    const twice = (await admin.aggregates.addHost({ aggregate_id: aggregate.id, body: { host: HOST } }).catch((e: unknown) => e)) as NovaApiError;
    expect(twice.status).toBe(409);
    const removed = await admin.aggregates.removeHost({ aggregate_id: aggregate.id, body: { host: HOST } });
    expect(removed.aggregate.hosts).toEqual([]);
    await admin.aggregates.delete({ aggregate_id: aggregate.id });
    expect(((await admin.aggregates.get({ aggregate_id: aggregate.id }).catch((e: unknown) => e)) as NovaApiError).status).toBe(404);
  });

  it("lists availability zones (summary for members, detail for admins)", async () => {
    const zones = await demo.availabilityZones.list();
    expect(zones.availabilityZoneInfo).toEqual([{ zoneName: "nova", zoneState: { available: true }, hosts: null }]);
    const detail = await admin.availabilityZones.listDetail();
    expect(detail.availabilityZoneInfo.map((z) => z.zoneName)).toEqual(expect.arrayContaining(["internal", "nova"]));
    const denied = (await demo.availabilityZones.listDetail().catch((e: unknown) => e)) as NovaApiError;
    expect(denied.status).toBe(403);
  });
});

describe("quotas and limits", () => {
  it("shows, updates and resets a project's quotas; defaults and detail", async () => {
    cleanups.push(() => admin.quotaSets.delete({ tenant_id: demoProject }));
    const before = await admin.quotaSets.get({ tenant_id: demoProject });
    expect(before.quota_set.id).toBe(demoProject);
    const updated = await admin.quotaSets.update({ tenant_id: demoProject, body: { quota_set: { instances: 7, cores: 11 } } });
    expect(updated.quota_set).toMatchObject({ instances: 7, cores: 11 });
    const forced = await admin.quotaSets.update({ tenant_id: demoProject, body: { quota_set: { ram: 1024, force: true } } });
    expect(forced.quota_set.ram).toBe(1024);
    const detail = await admin.quotaSets.detail({ tenant_id: demoProject });
    expect(detail.quota_set.instances).toMatchObject({ limit: 7, in_use: expect.any(Number), reserved: 0 });
    const defaults = await admin.quotaSets.defaults({ tenant_id: demoProject });
    expect(defaults.quota_set.instances).toBe(before.quota_set.instances);
    const perUser = await admin.quotaSets.get({ tenant_id: demoProject, user_id: demoUser });
    expect(perUser.quota_set.instances).toBe(7);
    const old = await connect("admin", { microversion: "2.35" });
    expect((await old.quotaSets.get({ tenant_id: demoProject })).quota_set).toHaveProperty("floating_ips");
    await admin.quotaSets.delete({ tenant_id: demoProject });
    expect((await admin.quotaSets.get({ tenant_id: demoProject })).quota_set.instances).toBe(before.quota_set.instances);
    const denied = (await demo.quotaSets.update({ tenant_id: demoProject, body: { quota_set: { instances: 100 } } }).catch((e: unknown) => e)) as NovaApiError;
    expect(denied.status).toBe(403);
  });

  it("shows the default quota class and limits", async () => {
    const cls = await admin.quotaClassSets.get({ id: "default" });
    expect(cls.quota_class_set.id).toBe("default");
    const same = await admin.quotaClassSets.update({ id: "default", body: { quota_class_set: { instances: cls.quota_class_set.instances } } });
    expect(same.quota_class_set.instances).toBe(cls.quota_class_set.instances);
    const limits = await demo.limits.get();
    expect(limits.limits.absolute).toMatchObject({ maxTotalInstances: expect.any(Number), totalInstancesUsed: expect.any(Number) });
    expect(limits.limits.rate).toEqual([]);
    const forDemo = await admin.limits.get({ tenant_id: demoProject });
    expect(forDemo.limits.absolute.maxTotalCores).toBeGreaterThan(0);
    const old = await connect("demo", { microversion: "2.35" });
    expect((await old.limits.get()).limits.absolute).toHaveProperty("maxSecurityGroups");
  });
});

describe("usage, services, hypervisors, migrations, extensions, hosts", () => {
  it("simple tenant usage: all projects, detailed, paged, one project", async () => {
    const start = new Date(Date.now() - 7 * 86400_000).toISOString().replace("Z", "");
    const end = new Date(Date.now() + 3600_000).toISOString().replace("Z", "");
    const all = await admin.usage.list({ start, end, detailed: "1" });
    expect(Array.isArray(all.tenant_usages)).toBe(true);
    const page = await admin.usage.list({ start, end, limit: 1 });
    expect(page.tenant_usages.length).toBeLessThanOrEqual(1);
    const mine = await demo.usage.get({ tenant_id: demoProject, start, end });
    expect(mine.tenant_usage).toBeDefined();
    const denied = (await demo.usage.list({ start, end }).catch((e: unknown) => e)) as NovaApiError;
    expect(denied.status).toBe(403);
  });

  it("services: list, filter, disable with a reason, enable, force down and up", async () => {
    const { services } = await admin.services.list();
    expect(services.map((s) => s.binary).sort()).toEqual(["nova-compute", "nova-conductor", "nova-scheduler"]);
    const compute = (await admin.services.list({ binary: "nova-compute", host: HOST })).services[0] as { id: string };
    expect(compute).toMatchObject({ host: HOST, zone: "nova", status: "enabled", state: "up", id: expect.stringMatching(UUID) });
    cleanups.push(() => admin.services.update({ service_id: compute.id, body: { status: "enabled", forced_down: false } }));
    const disabled = await admin.services.update({ service_id: compute.id, body: { status: "disabled", disabled_reason: `${RUN} maintenance` } });
    expect(disabled.service).toMatchObject({ status: "disabled", disabled_reason: `${RUN} maintenance` });
    const enabled = await admin.services.update({ service_id: compute.id, body: { status: "enabled" } });
    expect(enabled.service.status).toBe("enabled");
    const down = await admin.services.update({ service_id: compute.id, body: { forced_down: true } });
    expect(down.service.forced_down).toBe(true);
    const up = await admin.services.update({ service_id: compute.id, body: { forced_down: false } });
    expect(up.service.forced_down).toBe(false);
    const old = await connect("admin", { microversion: "2.11" });
    const oldList = await old.services.list({ binary: "nova-compute" });
    expect((oldList.services[0] as { id: unknown }).id).toEqual(expect.any(Number));
    const viaOld = await old.services.disable({ body: { host: HOST, binary: "nova-compute" } });
    expect(viaOld.service).toMatchObject({ host: HOST, binary: "nova-compute", status: "disabled" });
    const reason = await old.services.disableLogReason({ body: { host: HOST, binary: "nova-compute", disabled_reason: "why" } });
    expect(reason.service.disabled_reason).toBe("why");
    const forced = await old.services.forceDown({ body: { host: HOST, binary: "nova-compute", forced_down: false } });
    expect(forced.service.forced_down).toBe(false);
    const back = await old.services.enable({ body: { host: HOST, binary: "nova-compute" } });
    expect(back.service.status).toBe("enabled");
    await waitFor("nova-compute to be up", async () => (await admin.services.list({ binary: "nova-compute" })).services[0]!, (s) => "state" in s && s.state === "up" && s.status === "enabled", 30);
    const denied = (await demo.services.list().catch((e: unknown) => e)) as NovaApiError;
    expect([denied.status, denied.kind]).toEqual([403, "Forbidden"]);
  });

  it("hypervisors: list, detail, paged, by pattern, show with servers, and the pre-2.88 statistics and uptime", async () => {
    const { hypervisors } = await admin.hypervisors.listSummary();
    expect(hypervisors).toEqual([{ id: expect.stringMatching(UUID), hypervisor_hostname: HOST, state: "up", status: "enabled" }]);
    const detail = await admin.hypervisors.list({ with_servers: true } as never);
    expect(detail.hypervisors[0]).toMatchObject({ hypervisor_hostname: HOST, hypervisor_type: "fake", service: { host: HOST } });
    expect((await admin.hypervisors.list({ limit: 1 })).hypervisors).toHaveLength(1);
    expect((await admin.hypervisors.listSummary({ hypervisor_hostname_pattern: "realc" })).hypervisors).toHaveLength(1);
    const one = await admin.hypervisors.get({ hypervisor_id: hypervisors[0]!.id as string });
    expect(one.hypervisor.hypervisor_hostname).toBe(HOST);
    expect(one.hypervisor).toHaveProperty("uptime");
    const old = await connect("admin", { microversion: "2.52" });
    const id = (await old.hypervisors.listSummary()).hypervisors[0]!.id;
    expect(id).toEqual(expect.any(Number));
    const stats = await old.hypervisors.statistics();
    expect(stats.hypervisor_statistics.count).toBe(1);
    // The fake virt driver has no host uptime: Nova answers 501.
    const uptime = (await old.hypervisors.uptime({ hypervisor_id: String(id) }).catch((e: unknown) => e)) as NovaApiError;
    expect([uptime.status, uptime.kind]).toEqual([501, "HTTPNotImplemented"]);
    expect((await old.hypervisors.search({ hypervisor_hostname_pattern: "realcloud" })).hypervisors).toHaveLength(1);
    expect((await old.hypervisors.servers({ hypervisor_hostname_pattern: "realcloud" })).hypervisors[0]!.hypervisor_hostname).toBe(HOST);
    const denied = (await demo.hypervisors.listSummary().catch((e: unknown) => e)) as NovaApiError;
    expect(denied.status).toBe(403);
  });

  it("migrations: all, filtered, paged; and the instance usage audit log", async () => {
    const { migrations } = await admin.migrations.list();
    expect(Array.isArray(migrations)).toBe(true);
    const filtered = await admin.migrations.list({ host: HOST, migration_type: "resize", limit: 2 });
    expect(filtered.migrations.length).toBeLessThanOrEqual(2);
    expect(filtered.migrations.every((m) => m.migration_type === "resize")).toBe(true);
    const old = await connect("admin", { microversion: "2.22" });
    expect(Array.isArray((await old.migrations.list()).migrations)).toBe(true);
    const audit = await admin.instanceUsageAuditLog.list();
    expect(audit.instance_usage_audit_logs).toMatchObject({ total_instances: expect.any(Number) });
    const before = await admin.instanceUsageAuditLog.get({ before_timestamp: "2030-01-01 00:00:00" });
    expect(before.instance_usage_audit_log).toBeDefined();
  });

  it("extensions and os-hosts (before 2.43)", async () => {
    const { extensions } = await admin.extensions.list();
    expect(extensions.length).toBeGreaterThan(10);
    const one = await admin.extensions.get({ alias: extensions[0]!.alias });
    expect(one.extension.alias).toBe(extensions[0]!.alias);
    const old = await connect("admin", { microversion: "2.42" });
    const { hosts } = await old.hosts.list();
    expect(hosts).toEqual(expect.arrayContaining([{ host_name: HOST, service: "compute", zone: "nova" }]));
    expect((await old.hosts.list({ zone: "nova" })).hosts).toEqual([{ host_name: HOST, service: "compute", zone: "nova" }]);
    const host = await old.hosts.get({ host_name: HOST });
    expect(host.host.map((r) => r.resource.project)).toContain("(total)");
    const refused = (await admin.hosts.list().catch((e: unknown) => e)) as Error;
    expect(refused.message).toContain("needs compute API microversion 2.1 to 2.42");
  });
});

describe("policy and clouds without an operation", () => {
  let server: string;
  beforeAll(async () => {
    const cirros = (await glanceImages()).find((i) => i.name === "cirros")!.id;
    const created = (await admin.servers.create({ body: { server: { name: `${RUN}-backup`, imageRef: cirros, flavorRef: "1", networks: "none" } } as never })) as { server: { id: string } };
    server = created.server.id;
    cleanups.push(async () => {
      await quiet(admin.servers.delete({ server_id: server }));
      await waitFor("the server to be gone", () => admin.servers.get({ server_id: server }).then(() => false, (e: unknown) => (isNotFound(e) ? true : Promise.reject(e))), (g) => g, 60);
    });
    await waitFor("the server to be ACTIVE", async () => (await admin.servers.get({ server_id: server })).server.status, (s) => s === "ACTIVE", 60);
  });

  it("a member asking for admin APIs gets Forbidden with the request id", async () => {
    for (const call of [() => demo.services.list(), () => demo.aggregates.list(), () => demo.migrations.list(), () => demo.quotaClassSets.get({ id: "default" })]) {
      const err = (await call().catch((e: unknown) => e)) as NovaApiError;
      expect(err).toBeInstanceOf(NovaApiError);
      expect([err.status, err.kind, err.fault]).toEqual([403, "Forbidden", "forbidden"]);
      expect(err.message).toMatch(/^Policy doesn't allow os_compute_api:\S+ to be performed\.$/);
      expect(err.requestId).toMatch(REQ_ID);
    }
  });

  it("backup_instance: real Nova has no such route (404, webob's page: JSON when asked for, else HTML)", async () => {
    const { token } = await keystoneToken("admin");
    const url = `http://127.0.0.1:8774/v2.1/servers/${server}/backup_instance`;
    const init = { method: "POST", body: JSON.stringify({ backup_instance: { name: "b" } }) };
    const json = await fetch(url, { ...init, headers: { "X-Auth-Token": token, "Content-Type": "application/json", Accept: "application/json" } });
    expect([json.status, json.headers.get("content-type")]).toEqual([404, "application/json"]);
    expect(await json.json()).toEqual({ message: "The resource could not be found.<br /><br />\n\n\n", code: "404 Not Found", title: "Not Found" });
    const html = await fetch(url, { ...init, headers: { "X-Auth-Token": token, "Content-Type": "application/json" } });
    expect([html.status, html.headers.get("content-type")]).toEqual([404, "text/html; charset=UTF-8"]);
    expect(await html.text()).toContain("<h1>404 Not Found</h1>");
  });

  it("backup_instance: the library throws NovaApiError 404 saying the cloud does not offer it", async () => {
    const missing = server;
    const err = (await admin.servers.backupInstance({ server_id: missing, body: { name: "b", description: null } }).catch((e: unknown) => e)) as NovaApiError;
    expect(err).toBeInstanceOf(NovaApiError);
    expect([err.status, err.kind]).toEqual([404, "NotFound"]);
    expect(err.message).toBe(`POST /v2.1/servers/${missing}/backup_instance is not offered by this cloud (the server answered 404 Not Found from its web framework, not Nova).`);
    expect(err.requestId).toMatch(REQ_ID);
  });

  it("backup-instance: the CLI says in one line that the cloud does not offer it, exit 1", async () => {
    const missing = server;
    const r = await nova(proxy, ["backup-instance", `${RUN}-backup`, "nightly", "before upgrade"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(NotFound\\): POST /v2\\.1/servers/${missing}/backup_instance is not offered by this cloud \\(the server answered 404 Not Found from its web framework, not Nova\\)\\. \\(HTTP 404\\) \\(Request-ID: ${REQ_ID.source}\\)\\n$`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("the CLI as a member: Forbidden for admin APIs, in novaclient's one line", async () => {
    const r = await nova(proxy, ["flavor-access-add", "1", demoProject], "demo");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(Forbidden\\): Policy doesn't allow os_compute_api:os-flavor-access:add_tenant_access to be performed\\. \\(HTTP 403\\) \\(Request-ID: ${REQ_ID.source}\\)\\n$`));
  });
});

it("every reply matched the spec at its microversion", () => {
  expect(proxy.validated(), "the proxy checked the CLI's replies").toBeGreaterThan(0);
  expectNoMismatches();
});
