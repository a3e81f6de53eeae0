// A 200-line program using the library, for the bench's type-check rows: `npm run bench` runs tsc
// on it as it is (union types) and pinned (VERSION = "2.79"). npm run typecheck checks it too.
import { type CallResult, NovaApiError, type NovaClient, type SchemaAt, createNovaClient } from "../src/index.js";

const VERSION = "2.latest";
type Nova = NovaClient<typeof VERSION>;

export async function connect(authUrl: string, password: string): Promise<Nova> {
  return createNovaClient({ authUrl, username: "admin", password, projectName: "admin", microversion: VERSION });
}

type ServerRecord = SchemaAt<"Server", typeof VERSION>;

/** One line per server: name, status, flavor size, addresses. */
export async function serverLines(nova: Nova): Promise<string[]> {
  const lines: string[] = [];
  for (const server of await nova.servers.listAll({ status: "ACTIVE" })) {
    const addresses = Object.entries(server.addresses ?? {}).flatMap(([network, list]) => list.map((a) => `${network}=${a.addr}`));
    const image = typeof server.image === "object" ? server.image.id : "(volume)";
    lines.push(`${server.name ?? server.id} ${server.status} ${image} ${addresses.join(",")} ${server.locked ? "locked" : ""}`);
  }
  return lines;
}

export async function describeServer(nova: Nova, nameOrId: string): Promise<Record<string, unknown>> {
  const found = await nova.servers.find(nameOrId);
  const { server } = await nova.servers.get({ server_id: found.id });
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    host: server["OS-EXT-SRV-ATTR:host"],
    zone: server["OS-EXT-AZ:availability_zone"],
    created: server.created,
    description: server.description,
    tags: server.tags?.join(","),
    fault: server.fault?.message,
    volumes: server["os-extended-volumes:volumes_attached"]?.map((v) => v.id),
    groups: server.security_groups?.map((g) => g.name),
    flavor: server.flavor,
  };
}

export function isBusy(server: ServerRecord): boolean {
  return server.status === "BUILD" || server["OS-EXT-STS:task_state"] !== null;
}

export async function bootAndWait(nova: Nova, name: string, flavorRef: string, imageRef: string): Promise<string> {
  const reply = await nova.servers.create({ body: { server: { name, flavorRef, imageRef, networks: "auto", metadata: { by: "bench" } } } });
  if (!("server" in reply)) throw new Error(`a reservation, ${reply.reservation_id}, not a server`);
  const ready = await nova.servers.waitFor(reply.server.id, "ACTIVE", { intervalMs: 1000 });
  await nova.servers.reboot({ server_id: ready.id, body: { type: "SOFT" } });
  await nova.servers.createImage({ server_id: ready.id, body: { name: `${name}-snapshot`, metadata: { kind: "bench" } } });
  await nova.servers.stop({ server_id: ready.id, body: null });
  await nova.servers.start({ server_id: ready.id, body: null });
  return ready.id;
}

export async function resizeTo(nova: Nova, serverId: string, flavorRef: string): Promise<void> {
  await nova.servers.resize({ server_id: serverId, body: { flavorRef } });
  await nova.servers.waitFor(serverId, "VERIFY_RESIZE");
  await nova.servers.confirmResize({ server_id: serverId, body: null });
}

export async function flavorTable(nova: Nova): Promise<string[][]> {
  const { flavors } = await nova.flavors.list({ minRam: 512, limit: 50 });
  return flavors.map((f) => [f.id, f.name, String(f.ram), String(f.disk), String(f.vcpus), String(f.swap), f["os-flavor-access:is_public"] ? "public" : "private"]);
}

export async function biggestFlavor(nova: Nova): Promise<string | undefined> {
  const all = await nova.flavors.listAll();
  return all.toSorted((a, b) => b.ram - a.ram || b.vcpus - a.vcpus)[0]?.name;
}

export async function flavorWithSpecs(nova: Nova, nameOrId: string): Promise<Record<string, string>> {
  const flavor = await nova.flavors.find(nameOrId);
  const { extra_specs } = await nova.flavorExtraSpecs.list({ flavor_id: flavor.id });
  return { ...extra_specs, name: flavor.name };
}

export async function newFlavor(nova: Nova, name: string, ram: number, vcpus: number, disk: number): Promise<string> {
  const { flavor } = await nova.flavors.create({ body: { flavor: { name, ram, vcpus, disk, "os-flavor-access:is_public": false } } });
  await nova.flavorAccess.add({ flavor_id: flavor.id, body: { tenant: "bench" } });
  return flavor.id;
}

export async function keypairNames(nova: Nova): Promise<string[]> {
  const { keypairs } = await nova.keypairs.list();
  return keypairs.map(({ keypair }) => `${keypair.name} ${keypair.fingerprint} ${keypair.type}`);
}

export async function importKey(nova: Nova, name: string, publicKey: string): Promise<string> {
  const { keypair } = await nova.keypairs.create({ body: { keypair: { name, public_key: publicKey, type: "ssh" } } });
  const shown = await nova.keypairs.get({ keypair_name: keypair.name });
  return `${shown.keypair.name} ${shown.keypair.created_at}`;
}

type HypervisorRow = { name: string; state: string; id: string | number; load: number | null };

export async function hypervisorRows(nova: Nova): Promise<HypervisorRow[]> {
  const { hypervisors } = await nova.hypervisors.list();
  return hypervisors.map((h) => ({ name: h.hypervisor_hostname, state: `${h.state}/${h.status}`, id: h.id, load: h.current_workload ?? null }));
}

export async function hypervisorDetail(nova: Nova, id: string): Promise<string> {
  const { hypervisor } = await nova.hypervisors.get({ hypervisor_id: id });
  return [hypervisor.hypervisor_type, hypervisor.hypervisor_version, hypervisor.host_ip, hypervisor.service.host, hypervisor.running_vms].join(" ");
}

export async function quotaReport(nova: Nova, projectId: string): Promise<Record<string, number>> {
  const { quota_set } = await nova.quotaSets.get({ tenant_id: projectId });
  const detail = await nova.quotaSets.detail({ tenant_id: projectId });
  return { cores: quota_set.cores, ram: quota_set.ram, instances: quota_set.instances, used: detail.quota_set.instances.in_use };
}

export async function raiseQuotas(nova: Nova, projectId: string): Promise<void> {
  const updated = await nova.quotaSets.update({ tenant_id: projectId, body: { quota_set: { cores: 100, instances: 50, ram: 512_000 } } });
  if (updated.quota_set.cores !== 100) throw new Error("the quota did not change");
}

export async function limitsLine(nova: Nova): Promise<string> {
  const { limits } = await nova.limits.get();
  return `${limits.absolute.totalCoresUsed}/${limits.absolute.maxTotalCores} cores`;
}

export async function groupsOf(nova: Nova): Promise<string[]> {
  const { server_groups } = await nova.serverGroups.list({ all_projects: "True" });
  return server_groups.map((g) => `${g.name}: ${g.members.length} members`);
}

export async function newGroup(nova: Nova, name: string): Promise<string> {
  const { server_group } = await nova.serverGroups.create({ body: { server_group: { name, policy: "anti-affinity" } } });
  return server_group.id;
}

export async function aggregateHosts(nova: Nova): Promise<Record<string, string[]>> {
  const { aggregates } = await nova.aggregates.list();
  return Object.fromEntries(aggregates.map((a) => [a.name, a.hosts ?? []]));
}

export async function addHost(nova: Nova, aggregateId: string, host: string): Promise<string[]> {
  const { aggregate } = await nova.aggregates.addHost({ aggregate_id: Number(aggregateId), body: { host } });
  return aggregate.hosts ?? [];
}

export async function serviceStates(nova: Nova): Promise<string[]> {
  const { services } = await nova.services.list({ binary: "nova-compute" });
  return services.map((s) => `${s.host} ${s.binary} ${s.status} ${"state" in s ? s.state : ""}`);
}

export async function recentMigrations(nova: Nova): Promise<string[]> {
  const { migrations } = await nova.migrations.list({ status: "finished" });
  return migrations.map((m) => `${m.instance_uuid} ${m.source_compute} -> ${m.dest_compute} ${m.status}`);
}

export async function actionsOf(nova: Nova, serverId: string): Promise<string[]> {
  const { instanceActions } = await nova.instanceActions.list({ server_id: serverId });
  return instanceActions.map((a) => `${a.action} ${a.start_time} ${a.request_id}`);
}

export async function attachments(nova: Nova, serverId: string): Promise<string[]> {
  const { volumeAttachments } = await nova.volumeAttachments.list({ server_id: serverId });
  return volumeAttachments.map((v) => `${v.volumeId} ${v.device ?? ""}`);
}

export async function interfaces(nova: Nova, serverId: string): Promise<string[]> {
  const { interfaceAttachments } = await nova.interfaces.list({ server_id: serverId });
  return interfaceAttachments.map((i) => `${i.port_id} ${i.mac_addr} ${(i.fixed_ips ?? []).map((ip) => ip.ip_address).join(",")}`);
}

export async function metadataOf(nova: Nova, serverId: string): Promise<Record<string, string>> {
  await nova.serverMetadata.update({ server_id: serverId, body: { metadata: { owner: "bench" } } });
  const { metadata } = await nova.serverMetadata.list({ server_id: serverId });
  return metadata;
}

export async function usageOf(nova: Nova, projectId: string): Promise<number> {
  const { tenant_usage } = await nova.usage.get({ tenant_id: projectId, start: "2026-01-01T00:00:00", end: "2026-02-01T00:00:00" });
  return tenant_usage.total_vcpus_usage ?? 0;
}

export async function consoleUrl(nova: Nova, serverId: string): Promise<string> {
  const { remote_console } = await nova.servers.createRemoteConsole({ server_id: serverId, body: { remote_console: { protocol: "vnc", type: "novnc" } } });
  return remote_console.url;
}

export async function zones(nova: Nova): Promise<string[]> {
  const { availabilityZoneInfo } = await nova.availabilityZones.list();
  return availabilityZoneInfo.map((z) => `${z.zoneName} ${z.zoneState.available ? "up" : "down"}`);
}

export async function safeDelete(nova: Nova, serverId: string): Promise<boolean> {
  try {
    await nova.servers.delete({ server_id: serverId });
    await nova.servers.waitForDeletion(serverId, { intervalMs: 500 });
    return true;
  } catch (err) {
    if (err instanceof NovaApiError && err.status === 404) return false;
    throw err;
  }
}

export type Detail = CallResult<"showServer", typeof VERSION>;
export type Listing = CallResult<"listServersDetail", typeof VERSION>;
