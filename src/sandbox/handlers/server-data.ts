import { createHash } from "node:crypto";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import type { ServerRecord } from "../state.js";
import { type HeaderReply, atLeast, checkLock, checkState, isoZ, requireAdmin } from "./common.js";
import { checkMetadataQuota } from "./quotas.js";
import { getServer } from "./servers.js";

// Server tags (2.26+), server metadata, and the read-only views of a server: its security
// groups, NUMA topology and diagnostics.

const MAX_TAGS = 50;
/** The vm_states in which Nova lets tags and metadata change. */
const EDITABLE = ["active", "building", "paused", "suspended", "stopped", "shelved", "shelved_offloaded"];

function editable(ctx: RequestContext, what: string): ServerRecord {
  const s = getServer(ctx);
  checkLock(ctx, s);
  checkState(s, what, EDITABLE, [null, "migrating"]);
  return s;
}

function checkTag(tag: string): void {
  if (tag.length < 1 || tag.length > 60 || /[,/]/.test(tag)) throw badRequest(`Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','.`);
}

const changed = (s: ServerRecord) => {
  s.updated = isoZ();
};

/** The project's security groups: each has "default" (Neutron makes it); its id is made from the project. */
export function securityGroupOf(projectId: string, name: string): { id: string; name: string; description: string; tenant_id: string; rules: [] } | undefined {
  if (name !== "default") return undefined;
  const hex = createHash("md5").update(`security-group ${projectId} ${name}`).digest("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return { id, name, description: "Default security group", tenant_id: projectId, rules: [] };
}

// What Nova's fake virt driver reports (the real test cloud's): 2.48's shape, keys in its order.
const DIAGNOSTICS = {
  state: "running",
  driver: "libvirt",
  hypervisor: "kvm",
  hypervisor_os: "ubuntu",
  uptime: 46664,
  config_drive: true,
  num_cpus: 1,
  num_nics: 1,
  num_disks: 1,
  cpu_details: [{ id: 0, time: 17300000000, utilisation: 15 }],
  disk_details: [{ read_bytes: 262144, read_requests: 112, write_bytes: 5778432, write_requests: 488, errors_count: 1 }],
  nic_details: [{ mac_address: "01:23:45:67:89:ab", rx_octets: 2070139, rx_errors: 100, rx_drop: 200, rx_packets: 26701, rx_rate: 300, tx_octets: 140208, tx_errors: 400, tx_drop: 500, tx_packets: 662, tx_rate: 600 }],
  memory_details: { maximum: 524288, used: 0 },
};
// Before 2.48: the driver's own flat dict.
const LEGACY_DIAGNOSTICS = {
  cpu0_time: 17300000000,
  memory: 524288,
  vda_errors: -1,
  vda_read: 262144,
  vda_read_req: 112,
  vda_write: 5778432,
  vda_write_req: 488,
  vnet1_rx: 2070139,
  vnet1_rx_drop: 0,
  vnet1_rx_errors: 0,
  vnet1_rx_packets: 26701,
  vnet1_tx: 140208,
  vnet1_tx_drop: 0,
  vnet1_tx_errors: 0,
  vnet1_tx_packets: 662,
};

export const serverDataHandlers: Handlers = {
  // os-server-password: what the guest posted (nothing until it does), and clearing it.
  showServerPassword: (ctx) => ok({ password: getServer(ctx).password ?? "" }),
  clearServerPassword: (ctx) => {
    getServer(ctx).password = "";
    return noContent(204);
  },
  listServerSecurityGroups: (ctx) => {
    const s = getServer(ctx);
    const groups = (s.security_groups ?? ["default"]).map((name) => securityGroupOf(s.project_id, name)).filter((g) => g !== undefined);
    return ok({ security_groups: groups });
  },
  // The fake driver's servers have no NUMA topology.
  showServerTopology: (ctx) => {
    getServer(ctx);
    return ok({ nodes: [], pagesize_kb: null });
  },
  showServerDiagnostics: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-server-diagnostics");
    getServer(ctx);
    return ok(atLeast(ctx, "2.48") ? DIAGNOSTICS : LEGACY_DIAGNOSTICS);
  },
  listServerTags: (ctx) => ok({ tags: getServer(ctx).tags }),
  replaceServerTags: (ctx) => {
    const s = editable(ctx, "update tags");
    s.tags = [...new Set((ctx.body as { tags: string[] }).tags)];
    changed(s);
    return ok({ tags: s.tags });
  },
  deleteServerTags: (ctx) => {
    const s = editable(ctx, "delete tags");
    s.tags = [];
    changed(s);
    return noContent(204);
  },
  checkServerTag: (ctx) => {
    const s = getServer(ctx);
    const tag = ctx.params.tag!;
    if (!s.tags.includes(tag)) throw notFound(`Instance ${s.id} has no tag '${tag}'`);
    return noContent(204);
  },
  addServerTag: (ctx): HeaderReply => {
    const s = editable(ctx, "update tag");
    const tag = ctx.params.tag!;
    checkTag(tag);
    if (s.tags.includes(tag)) return noContent(204);
    if (s.tags.length >= MAX_TAGS) throw badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
    s.tags = [...s.tags, tag];
    changed(s);
    return { status: 201, headers: { Location: `${ctx.endpoint}/servers/${s.id}/tags/${encodeURIComponent(tag)}` } };
  },
  deleteServerTag: (ctx) => {
    const s = editable(ctx, "delete tag");
    const tag = ctx.params.tag!;
    if (!s.tags.includes(tag)) throw notFound(`Instance ${s.id} has no tag '${tag}'`);
    s.tags = s.tags.filter((t) => t !== tag);
    changed(s);
    return noContent(204);
  },

  listServerMetadata: (ctx) => ok({ metadata: getServer(ctx).metadata }),
  updateServerMetadata: (ctx) => {
    const s = editable(ctx, "update metadata");
    const merged = { ...s.metadata, ...(ctx.body as { metadata: Record<string, string> }).metadata };
    checkMetadataQuota(ctx, merged, s.project_id);
    s.metadata = merged;
    changed(s);
    return ok({ metadata: s.metadata });
  },
  replaceServerMetadata: (ctx) => {
    const s = editable(ctx, "update metadata");
    const metadata = { ...(ctx.body as { metadata: Record<string, string> }).metadata };
    checkMetadataQuota(ctx, metadata, s.project_id);
    s.metadata = metadata;
    changed(s);
    return ok({ metadata: s.metadata });
  },
  showServerMetadataItem: (ctx) => {
    const s = getServer(ctx);
    const key = ctx.params.key!;
    if (!(key in s.metadata)) throw notFound("Metadata item was not found");
    return ok({ meta: { [key]: s.metadata[key]! } });
  },
  setServerMetadataItem: (ctx) => {
    const s = editable(ctx, "update metadata");
    const key = ctx.params.key!;
    const meta = (ctx.body as { meta: Record<string, string> }).meta;
    if (!(key in meta)) throw badRequest("Request body and URI mismatch");
    const merged = { ...s.metadata, [key]: meta[key]! };
    checkMetadataQuota(ctx, merged, s.project_id);
    s.metadata = merged;
    changed(s);
    return ok({ meta: { [key]: meta[key]! } });
  },
  deleteServerMetadataItem: (ctx) => {
    const s = editable(ctx, "delete metadata");
    const key = ctx.params.key!;
    if (!(key in s.metadata)) throw notFound("Metadata item was not found");
    const { [key]: _gone, ...rest } = s.metadata;
    s.metadata = rest;
    changed(s);
    return noContent(204);
  },
};

