import { createHash, randomUUID } from "node:crypto";
import { type CloudState, SEED_TIME, type ServerRecord, areaState } from "../state.js";
import { isoMicro, isoZ, statusOf } from "./common.js";

// The per-area state the handlers share (servers show their volumes, ports and groups; quotas
// count keypairs and groups). Kept apart from the handlers so they can import each other freely.

// ---- compute hosts: their services, hypervisors (compute nodes) and aggregates ----

export interface ServiceRecord {
  id: number;
  uuid: string;
  binary: string;
  host: string;
  disabled: boolean;
  disabled_reason: string | null;
  forced_down: boolean;
  /** The service's last report (Nova's heartbeat); fixed, so that listings can be compared. */
  updated_at: string;
}

export interface ComputeNodeRecord {
  id: number;
  uuid: string;
  host: string;
  host_ip: string;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  /** When the host booted, for its uptime (ms since epoch). */
  booted_at: number;
}

/** The host of the compute service the seeded servers run on. */
export const HOST = "sandbox";
/** The host of nova-scheduler and nova-conductor. */
export const CONTROLLER = "controller";
/** Nova's default_availability_zone (compute hosts in no zoned aggregate) and internal_service_availability_zone. */
export const DEFAULT_ZONE = "nova";
export const INTERNAL_ZONE = "internal";

const seedTime = `${SEED_TIME}.000000`;
const service = (id: number, uuid: string, binary: string, host: string, down: Partial<ServiceRecord> = {}): ServiceRecord => ({
  id,
  uuid,
  binary,
  host,
  disabled: false,
  disabled_reason: null,
  forced_down: false,
  updated_at: seedTime,
  ...down,
});
const node = (id: number, uuid: string, host: string, ip: string, vcpus: number, memory_mb: number, local_gb: number): ComputeNodeRecord => ({
  id,
  uuid,
  host,
  host_ip: ip,
  vcpus,
  memory_mb,
  local_gb,
  booted_at: Date.parse("2025-12-20T06:00:00Z"),
});

/**
 * A controller and three compute hosts of different sizes: sandbox (zone nova), sandbox-2 and
 * sandbox-3 (zone az2, through the seeded aggregate); sandbox-3 is in maintenance (disabled, with
 * a reason, and forced down), so the scheduler never picks it.
 */
export const computeStore = (state: CloudState) =>
  areaState(state, "compute", () => ({
    services: [
      service(1, "16f2abde-9a92-4476-a6b9-ad026208fc3b", "nova-scheduler", CONTROLLER),
      service(2, "eda24850-0a72-409f-9efb-c10ebf45ecd5", "nova-conductor", CONTROLLER),
      service(3, "749cdd7d-0026-4def-96c1-4fd78ebb7797", "nova-compute", HOST),
      service(4, "20f48a1a-1bc3-47b1-85af-16b51bbce72d", "nova-compute", "sandbox-2"),
      service(5, "0b52dc4c-e237-4d96-a089-3dbc2623e902", "nova-compute", "sandbox-3", { disabled: true, disabled_reason: "Disk replacement", forced_down: true }),
    ],
    nodes: [
      node(1, "96d3ce14-cbee-4d04-b3da-efa903216dbe", HOST, "192.168.0.1", 16, 32768, 500),
      node(2, "0129760d-cd5f-4753-8b55-d91bddd8c48c", "sandbox-2", "192.168.0.2", 32, 65536, 1000),
      node(3, "39ee3ce4-a0d4-49b9-879c-7a2307338763", "sandbox-3", "192.168.0.3", 8, 16384, 250),
    ],
  }));

export const nodeOf = (state: CloudState, host: string) => computeStore(state).nodes.find((n) => n.host === host);
/** Nova's service state: "down" when forced down (the sandbox's services never miss a heartbeat). */
export const isUp = (s: ServiceRecord) => !s.forced_down;
export const computeServiceOf = (state: CloudState, host: string) => computeStore(state).services.find((s) => s.binary === "nova-compute" && s.host === host);

export interface AggregateRecord {
  id: number;
  uuid: string;
  name: string;
  availability_zone: string | null;
  hosts: string[];
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string | null;
}

export const aggregateStore = (state: CloudState) =>
  areaState(state, "aggregates", () => ({
    next: 2,
    byId: new Map<number, AggregateRecord>([
      [1, { id: 1, uuid: "aff08e25-9835-49c0-b793-aab5c7c34956", name: "rack-b", availability_zone: "az2", hosts: ["sandbox-2", "sandbox-3"], metadata: { availability_zone: "az2", ssd: "true" }, created_at: seedTime, updated_at: null }],
    ]),
  }));

/** A service's availability zone: internal for all but nova-compute, whose zone is its host's aggregate's. */
export function zoneOf(state: CloudState, s: Pick<ServiceRecord, "binary" | "host">): string {
  if (s.binary !== "nova-compute") return INTERNAL_ZONE;
  return [...aggregateStore(state).byId.values()].find((a) => a.availability_zone && a.hosts.includes(s.host))?.availability_zone ?? DEFAULT_ZONE;
}

// ---- servers that are gone (simple tenant usage and the audit log still count them) ----

export interface TerminatedRecord {
  id: string;
  name: string;
  project_id: string;
  host: string;
  flavor: { name: string; ram: number; vcpus: number; disk: number; ephemeral: number } | undefined;
  launched_at: string | null;
  terminated_at: string;
}

export const terminatedStore = (state: CloudState) => areaState(state, "terminated", () => [] as TerminatedRecord[]);

/** When a server last became active, in Nova's form ("2026-01-02T03:04:05.000000"); null while it never has. */
export const launchedAt = (s: ServerRecord): string | null => (s.launched_at !== undefined ? s.launched_at : s.status === "BUILD" ? null : `${s.created.replace("Z", "")}.000000`);

// ---- networks and ports ----

export interface NetworkRecord {
  id: string;
  label: string;
  subnet_id: string;
  /** The first three octets of its /24. */
  prefix: string;
}

/** The one tenant network (the same as os-tenant-networks' canned reply). */
export const NETWORKS: NetworkRecord[] = [{ id: "3cb9bc59-5699-4588-a4b1-b87f96708bc6", label: "private", subnet_id: "f8a6e8f8-c2ec-497c-9f23-da9616de54ef", prefix: "10.0.0" }];

export interface PortRecord {
  port_id: string;
  net_id: string;
  mac_addr: string;
  port_state: string;
  fixed_ips: { ip_address: string; subnet_id: string }[];
  tag: string | null;
}

const portStore = (state: CloudState) => areaState(state, "ports", () => new Map<string, PortRecord[]>());

/** A port's MAC, from its network and address: twin clouds (the parity tests) give the same one. */
function mac(netId: string, ip: string): string {
  const b = createHash("md5").update(`${netId}/${ip}`).digest();
  return `fa:16:3e:${[b[0], b[1], b[2]].map((x) => x!.toString(16).padStart(2, "0")).join(":")}`;
}

/** A server's ports; for a server that predates them (the seed), made from its addresses once. */
export function portsOf(state: CloudState, s: ServerRecord): PortRecord[] {
  const store = portStore(state);
  let ports = store.get(s.id);
  if (!ports) {
    ports = [];
    for (const [label, addresses] of Object.entries(s.addresses)) {
      const net = NETWORKS.find((n) => n.label === label) ?? NETWORKS[0]!;
      for (const a of addresses.filter((x) => x["OS-EXT-IPS:type"] !== "floating")) {
        ports.push({ port_id: randomUUID(), net_id: net.id, mac_addr: a["OS-EXT-IPS-MAC:mac_addr"], port_state: "ACTIVE", fixed_ips: [{ ip_address: a.addr, subnet_id: net.subnet_id }], tag: null });
      }
    }
    store.set(s.id, ports);
  }
  return ports;
}

/** Rebuilds a server's addresses from its ports (fixed addresses, grouped by network label). */
export function syncAddresses(state: CloudState, s: ServerRecord): void {
  const addresses: ServerRecord["addresses"] = {};
  for (const p of portsOf(state, s)) {
    const label = NETWORKS.find((n) => n.id === p.net_id)?.label ?? p.net_id;
    for (const ip of p.fixed_ips) {
      (addresses[label] ??= []).push({ addr: ip.ip_address, version: ip.ip_address.includes(":") ? 6 : 4, "OS-EXT-IPS-MAC:mac_addr": p.mac_addr, "OS-EXT-IPS:type": "fixed" });
    }
  }
  s.addresses = addresses;
}

/** Every fixed address in use on a network. */
function usedAddresses(state: CloudState): Set<string> {
  const used = new Set<string>();
  for (const s of state.servers.values()) for (const list of Object.values(s.addresses)) for (const a of list) used.add(a.addr);
  for (const ports of portStore(state).values()) for (const p of ports) for (const ip of p.fixed_ips) used.add(ip.ip_address);
  return used;
}

/** A new port on `net` (with `ip` if given) for server `s`; the caller syncs addresses. */
export function newPort(state: CloudState, s: ServerRecord, net: NetworkRecord, opts: { ip?: string; portId?: string; tag?: string | null } = {}): PortRecord {
  let ip = opts.ip;
  if (!ip) {
    const used = usedAddresses(state);
    for (let i = 10; i < 255 && !ip; i++) if (!used.has(`${net.prefix}.${i}`)) ip = `${net.prefix}.${i}`;
    ip ??= `${net.prefix}.254`;
  }
  const port: PortRecord = { port_id: opts.portId ?? randomUUID(), net_id: net.id, mac_addr: mac(net.id, ip), port_state: "ACTIVE", fixed_ips: [{ ip_address: ip, subnet_id: net.subnet_id }], tag: opts.tag ?? null };
  portsOf(state, s).push(port);
  return port;
}

/** The server a port is attached to, if any. */
export function portOwner(state: CloudState, portId: string): string | undefined {
  for (const [server, ports] of portStore(state)) if (ports.some((p) => p.port_id === portId)) return server;
  return undefined;
}

export function addressInUse(state: CloudState, ip: string): boolean {
  return usedAddresses(state).has(ip);
}

// ---- volume attachments ----

export interface AttachmentRecord {
  volumeId: string;
  serverId: string;
  device: string;
  tag: string | null;
  delete_on_termination: boolean;
  attachment_id: string;
  bdm_uuid: string;
}

export const attachmentStore = (state: CloudState) => areaState(state, "volume-attachments", () => new Map<string, AttachmentRecord[]>());
export const attachmentsOf = (state: CloudState, serverId: string) => attachmentStore(state).get(serverId) ?? [];

// ---- server groups ----

export interface ServerGroupRecord {
  id: string;
  name: string;
  policy: string;
  rules: { max_server_per_host?: number };
  members: string[];
  project_id: string;
  user_id: string;
}

export const serverGroupStore = (state: CloudState) => areaState(state, "server-groups", () => new Map<string, ServerGroupRecord>());
export const groupsOf = (state: CloudState, serverId: string) => [...serverGroupStore(state).values()].filter((g) => g.members.includes(serverId));

// ---- keypairs ----

export interface KeypairRecord {
  id: number;
  name: string;
  user_id: string;
  public_key: string;
  fingerprint: string;
  type: "ssh" | "x509";
  created_at: string;
}

/** The admin user's seeded key pairs: one of each type. */
function seedKeypairs(state: CloudState): KeypairRecord[] {
  const admin = state.users.find((u) => u.name === "admin")!;
  return [
    {
      id: 1,
      name: "admin-ssh",
      user_id: admin.id,
      public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEHJvwe2uSs+VEUdkrF2mvwyA6tRAbwjI1gLh+MCZ+Kn admin@sandbox",
      fingerprint: "f4:8b:d2:16:ed:f3:c8:d6:f1:0c:43:6d:6b:b2:a3:de",
      type: "ssh",
      created_at: `${SEED_TIME}.000000`,
    },
    {
      id: 2,
      name: "admin-x509",
      user_id: admin.id,
      public_key: [
        "-----BEGIN CERTIFICATE-----",
        "MIIBdTCCARugAwIBAgIUZ9vb8R1BLbwbVCIjqRUa1SUjqZowCgYIKoZIzj0EAwIw",
        "EDEOMAwGA1UEAwwFYWRtaW4wHhcNMjYxMjAxMTEwMDQ4WhcNMzYxMTI4MTEwMDQ4",
        "WjAQMQ4wDAYDVQQDDAVhZG1pbjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOBN",
        "dSaLuJIgD5bj6biy4u6ujzcZe9dzs4OH0tIZ5n6VARXrWwgjt0dMdA9hkKsY91Xa",
        "eoB//w11grbppZhBqv+jUzBRMB0GA1UdDgQWBBSe/LPEDbayLtYNuvfz2NUGl1J9",
        "NjAfBgNVHSMEGDAWgBSe/LPEDbayLtYNuvfz2NUGl1J9NjAPBgNVHRMBAf8EBTAD",
        "AQH/MAoGCCqGSM49BAMCA0gAMEUCIQDHnQ+KRu0SROC4xTtRZ/9k7tcguaDhTAFJ",
        "qWUvMHReNAIgEHmBTAm8nyCvojVQ3Zp6LLC9dVGUKYn/CZx27/ub3EU=",
        "-----END CERTIFICATE-----",
        "",
      ].join("\n"),
      fingerprint: "61:e8:5b:be:3e:e6:3d:89:98:06:9e:63:93:86:d1:16:f0:5c:55:8b",
      type: "x509",
      created_at: `${SEED_TIME}.000000`,
    },
  ];
}

/** Keypairs by "<user_id>/<name>". */
export const keypairStore = (state: CloudState) =>
  areaState(state, "keypairs", () => ({ next: 3, byKey: new Map(seedKeypairs(state).map((k): [string, KeypairRecord] => [`${k.user_id}/${k.name}`, k])) }));

// ---- migrations ----

export interface MigrationRecord {
  id: number;
  uuid: string;
  instance_uuid: string;
  status: string;
  migration_type: "migration" | "resize" | "live-migration" | "evacuation";
  source_compute: string;
  source_node: string;
  dest_compute: string;
  dest_node: string;
  dest_host: string;
  old_instance_type_id: number;
  new_instance_type_id: number;
  created_at: string;
  updated_at: string;
  user_id: string;
  project_id: string;
  /** Live migrations: when the sandbox lets it finish on its own (ms since epoch). */
  finishes_at?: number;
}

/** Finished migrations of each type, of the seeded servers web-1, db-1 and demo-vm. */
function seedMigrations(state: CloudState): MigrationRecord[] {
  const admin = state.users.find((u) => u.name === "admin")!;
  const ip = (host: string) => nodeOf(state, host)!.host_ip;
  const m = (id: number, uuid: string, server: string, type: MigrationRecord["migration_type"], status: string, from: string, to: string, flavors: [string, string], day: string): MigrationRecord => ({
    id,
    uuid,
    instance_uuid: server,
    status,
    migration_type: type,
    source_compute: from,
    source_node: `${from}.local`,
    dest_compute: to,
    dest_node: `${to}.local`,
    dest_host: ip(to),
    old_instance_type_id: flavorInternalId(state, flavors[0]),
    new_instance_type_id: flavorInternalId(state, flavors[1]),
    created_at: `${day}T10:00:00.000000`,
    updated_at: `${day}T10:05:00.000000`,
    user_id: admin.id,
    project_id: state.servers.get(server)?.project_id ?? admin.project.id,
  });
  return [
    m(1, "52ef7965-0633-499a-8e1a-b388c7c5a651", "9168b536-cd40-4630-b43f-b259807c6e87", "migration", "confirmed", "sandbox-2", HOST, ["1", "1"], "2026-01-03"),
    m(2, "da2c1757-0f9a-4d10-b292-b3036cc4ef4a", "3cfb801c-f03c-45ce-834b-d097b34e9534", "resize", "reverted", HOST, "sandbox-2", ["2", "3"], "2026-01-04"),
    m(3, "5d0e8a41-7c3b-4f96-9e21-8b6a0f4d2c17", "9168b536-cd40-4630-b43f-b259807c6e87", "live-migration", "failed", HOST, "sandbox-2", ["1", "1"], "2026-01-05"),
    m(4, "c8f1b2e3-4a5d-4e6f-8071-92a3b4c5d6e7", "3cfb801c-f03c-45ce-834b-d097b34e9534", "live-migration", "completed", "sandbox-2", HOST, ["2", "2"], "2026-01-06"),
    m(5, "e4a7c9d2-1b3f-4c5e-9d8a-7f6e5d4c3b2a", "a1b2c3d4-0000-4000-8000-000000000001", "evacuation", "done", "sandbox-3", HOST, ["1", "1"], "2026-01-07"),
  ];
}

export const migrationStore = (state: CloudState) => areaState(state, "migrations", () => ({ next: 6, list: seedMigrations(state) }));

/** Nova's internal (integer) flavor id for an API flavor id: the flavor's position in the table. */
export function flavorInternalId(state: CloudState, flavorId: string): number {
  const index = [...state.flavors.keys()].indexOf(flavorId);
  return index < 0 ? 0 : index + 1;
}

// ---- console tokens ----

export interface ConsoleToken {
  instance_uuid: string;
  type: string;
  host: string;
  port: number;
  tls_port: number | null;
  internal_access_path: string | null;
}

export const consoleStore = (state: CloudState) => areaState(state, "console-tokens", () => new Map<string, ConsoleToken>());

/** How long a live migration runs before the sandbox completes it by itself. */
export const LIVE_MIGRATION_MS = 3000;

/** Completes the live migrations whose time has come (called whenever servers are read). */
export function settleLiveMigrations(state: CloudState, now = Date.now()): void {
  for (const m of migrationStore(state).list) {
    if (m.finishes_at === undefined || m.finishes_at > now) continue;
    finishLiveMigration(state, m, "completed");
  }
}

/** Ends a live migration (completed, or cancelled when aborted) and brings its server back. */
export function finishLiveMigration(state: CloudState, m: MigrationRecord, status: "completed" | "cancelled"): void {
  m.status = status;
  m.updated_at = isoMicro();
  delete m.finishes_at;
  const s = state.servers.get(m.instance_uuid);
  if (s && s.task_state === "migrating") {
    s.task_state = null;
    s.status = statusOf(s.vm_state, null);
    s.host = status === "completed" ? m.dest_compute : m.source_compute;
    s.updated = isoZ();
  }
}

/** Drops a deleted server from every area (its ports, volume attachments, group memberships). */
export function forgetServer(state: CloudState, id: string): void {
  const s = state.servers.get(id);
  if (s) {
    const f = state.flavors.get(s.flavor_id);
    terminatedStore(state).push({
      id,
      name: s.name,
      project_id: s.project_id,
      host: s.host,
      flavor: f && { name: f.name, ram: f.ram, vcpus: f.vcpus, disk: f.disk, ephemeral: f.ephemeral },
      launched_at: launchedAt(s),
      terminated_at: isoMicro(),
    });
  }
  state.servers.delete(id);
  portStore(state).delete(id);
  attachmentStore(state).delete(id);
  for (const g of serverGroupStore(state).values()) g.members = g.members.filter((m) => m !== id);
  for (const [token, c] of consoleStore(state)) if (c.instance_uuid === id) consoleStore(state).delete(token);
}
