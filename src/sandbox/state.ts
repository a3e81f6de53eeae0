import { randomUUID } from "node:crypto";

export interface FlavorRecord {
  id: string;
  name: string;
  ram: number;
  disk: number;
  vcpus: number;
  ephemeral: number;
  swap: number;
  rxtx_factor: number;
  is_public: boolean;
  disabled: boolean;
  description: string | null;
  extra_specs: Record<string, string>;
  /** Projects allowed to use a private flavor. */
  access: string[];
}

export interface ServerRecord {
  id: string;
  name: string;
  project_id: string;
  user_id: string;
  status: string;
  vm_state: string;
  power_state: number;
  task_state: string | null;
  flavor_id: string;
  image_id: string;
  host: string;
  created: string;
  updated: string;
  metadata: Record<string, string>;
  tags: string[];
  description: string | null;
  locked: boolean;
  locked_reason: string | null;
  key_name: string | null;
  availability_zone: string;
  addresses: Record<string, { addr: string; version: number; "OS-EXT-IPS-MAC:mac_addr": string; "OS-EXT-IPS:type": string }[]>;
  launch_index: number;
  reservation_id: string;
  /** The metadata service's hostname (2.90); derived from the name when absent. */
  hostname?: string;
  access_ipv4?: string;
  access_ipv6?: string;
  disk_config?: "AUTO" | "MANUAL";
  /** Security group names (default: ["default"]). */
  security_groups?: string[];
  config_drive?: boolean;
  user_data?: string | null;
  scheduler_hints?: Record<string, string | string[]>;
  pinned_availability_zone?: string | null;
  trusted_image_certificates?: string[] | null;
  /** When it last became ACTIVE (default: `created`). */
  launched_at?: string | null;
  /** The resize or cold migration awaiting confirmation. */
  resize?: { old_flavor_id: string; migration_id: number; previous_vm_state: string };
  /**
   * What the next GET of this server shows instead of its settled state (a boot still spawning),
   * as a client that shows a server right after creating it sees it; any request on the server
   * settles it.
   */
  pending?: { status: string; vm_state: string; task_state: string | null; power_state: number };
  /** The hypervisor's name for it (instance-<hex number>); seeded servers derive one from their id. */
  instance_name?: string;
  /** The encrypted admin password the guest posted to the metadata service (base64; empty when none). */
  password?: string;
  /** Why the build failed (status ERROR). */
  fault?: { code: number; message: string; created: string; details?: string };
}

export interface ProjectRecord {
  id: string;
  name: string;
}

export interface UserRecord {
  id: string;
  name: string;
  password: string;
  project: ProjectRecord;
  roles: string[];
  /** Keystone application credentials: each signs in as this user, in this user's project. */
  applicationCredentials?: { id: string; name: string; secret: string }[];
}

export interface ImageRecord {
  id: string;
  name: string;
  server_id?: string;
  description?: string | null;
  /** Image properties (backup_type, image_type, ...). */
  properties?: Record<string, string>;
}

/** Everything the sandbox cloud remembers; one instance per running sandbox. */
export interface CloudState {
  users: UserRecord[];
  tokens: Map<string, { user: UserRecord; expires: number }>;
  flavors: Map<string, FlavorRecord>;
  servers: Map<string, ServerRecord>;
  images: Map<string, ImageRecord>;
  /** Per-area state of the other handlers (keypairs, aggregates, ...), made on first use. */
  areas: Map<string, unknown>;
}

/** The state of one handler area, created by `init` the first time it is asked for. */
export function areaState<T>(state: CloudState, area: string, init: () => T): T {
  if (!state.areas.has(area)) state.areas.set(area, init());
  return state.areas.get(area) as T;
}

/** When the seeded cloud came up: its servers were created then, its services last reported then. */
export const SEED_TIME = "2026-01-02T03:04:05";

const ADMIN_PROJECT: ProjectRecord = { id: "6f70656e737461636b20342065766572", name: "admin" };
const DEMO_PROJECT: ProjectRecord = { id: "3b7a5c1e0d2f4a6b8c9d0e1f2a3b4c5d", name: "demo" };

const flavor = (id: string, name: string, ram: number, disk: number, vcpus: number): FlavorRecord => ({
  id,
  name,
  ram,
  disk,
  vcpus,
  ephemeral: 0,
  swap: 0,
  rxtx_factor: 1.0,
  is_public: true,
  disabled: false,
  description: null,
  extra_specs: {},
  access: [],
});

export interface SeedOptions {
  /** Extra servers named bulk-00001... owned by the admin project (for pagination and benchmarks). */
  servers?: number;
}

/** The same starting point as the real test cloud: m1.* flavors, a cirros image, two servers. */
export function seedState(options: SeedOptions = {}): CloudState {
  const admin: UserRecord = { id: "ba09c9d36fea4145983545860049f3a2", name: "admin", password: "secret", project: ADMIN_PROJECT, roles: ["admin", "member", "reader"], applicationCredentials: [{ id: "6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f", name: "sandbox-cli", secret: "sandbox-app-secret" }] };
  const demo: UserRecord = { id: "6e1f2a3b4c5d4e6f8a9b0c1d2e3f4a5b", name: "demo", password: "secret", project: DEMO_PROJECT, roles: ["member", "reader"] };
  const state: CloudState = { users: [admin, demo], tokens: new Map(), flavors: new Map(), servers: new Map(), images: new Map(), areas: new Map() };
  for (const f of [
    flavor("1", "m1.tiny", 512, 1, 1),
    flavor("2", "m1.small", 2048, 20, 1),
    flavor("3", "m1.medium", 4096, 40, 2),
    flavor("4", "m1.large", 8192, 80, 4),
    flavor("5", "m1.xlarge", 16384, 160, 8),
  ]) {
    state.flavors.set(f.id, f);
  }
  const image: ImageRecord = { id: "70a599e0-31e7-49b7-b260-868f441e862b", name: "cirros" };
  state.images.set(image.id, image);
  const created = `${SEED_TIME}Z`;
  const server = (id: string, name: string, owner: UserRecord, flavorId: string, ip: string, index: number): ServerRecord => ({
    id,
    name,
    project_id: owner.project.id,
    user_id: owner.id,
    status: "ACTIVE",
    vm_state: "active",
    power_state: 1,
    task_state: null,
    flavor_id: flavorId,
    image_id: image.id,
    host: "sandbox",
    created,
    updated: created,
    metadata: {},
    tags: [],
    description: null,
    locked: false,
    locked_reason: null,
    key_name: null,
    availability_zone: "nova",
    addresses: { private: [{ addr: ip, version: 4, "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01", "OS-EXT-IPS:type": "fixed" }] },
    launch_index: index,
    reservation_id: `r-${id.slice(0, 8)}`,
  });
  for (const s of [
    server("9168b536-cd40-4630-b43f-b259807c6e87", "web-1", admin, "1", "10.0.0.5", 0),
    server("3cfb801c-f03c-45ce-834b-d097b34e9534", "db-1", admin, "2", "10.0.0.6", 0),
    server("a1b2c3d4-0000-4000-8000-000000000001", "demo-vm", demo, "1", "10.0.0.7", 0),
  ]) {
    state.servers.set(s.id, s);
  }
  for (let i = 1; i <= (options.servers ?? 0); i++) {
    const id = randomUUID();
    const name = `bulk-${String(i).padStart(5, "0")}`;
    state.servers.set(id, server(id, name, admin, "1", `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, 0));
  }
  return state;
}
