import { createHash, randomUUID } from "node:crypto";
import { type CloudState, type ServerRecord, areaState } from "../state.js";
import { isoMicro, isoZ, statusOf } from "./common.js";

// The per-area state the handlers share (servers show their volumes, ports and groups; quotas
// count keypairs and groups). Kept apart from the handlers so they can import each other freely.

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

function mac(): string {
  const b = createHash("md5").update(randomUUID()).digest();
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
  const port: PortRecord = { port_id: opts.portId ?? randomUUID(), net_id: net.id, mac_addr: mac(), port_state: "ACTIVE", fixed_ips: [{ ip_address: ip, subnet_id: net.subnet_id }], tag: opts.tag ?? null };
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

/** Keypairs by "<user_id>/<name>". */
export const keypairStore = (state: CloudState) => areaState(state, "keypairs", () => ({ next: 1, byKey: new Map<string, KeypairRecord>() }));

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

export const migrationStore = (state: CloudState) => areaState(state, "migrations", () => ({ next: 1, list: [] as MigrationRecord[] }));

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
  state.servers.delete(id);
  portStore(state).delete(id);
  attachmentStore(state).delete(id);
  for (const g of serverGroupStore(state).values()) g.members = g.members.filter((m) => m !== id);
  for (const [token, c] of consoleStore(state)) if (c.instance_uuid === id) consoleStore(state).delete(token);
}
