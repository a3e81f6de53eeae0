import { randomUUID } from "node:crypto";
import { compareVersions, parseVersion } from "../../client/version.js";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import type { ServerRecord } from "../state.js";
import { page } from "./paging.js";

const V2_47 = parseVersion("2.47");

function links(ctx: RequestContext, kind: string, id: string) {
  const root = ctx.endpoint.replace(/\/v2\.1$/, "");
  return [
    { rel: "self", href: `${ctx.endpoint}/${kind}/${id}` },
    { rel: "bookmark", href: `${root}/${kind}/${id}` },
  ];
}

function flavorOf(s: ServerRecord, ctx: RequestContext) {
  const f = ctx.state.flavors.get(s.flavor_id);
  if (compareVersions(ctx.version, V2_47) < 0) return { id: s.flavor_id, links: links(ctx, "flavors", s.flavor_id).slice(1) };
  return {
    original_name: f?.name ?? s.flavor_id,
    ram: f?.ram ?? 0,
    vcpus: f?.vcpus ?? 0,
    disk: f?.disk ?? 0,
    ephemeral: f?.ephemeral ?? 0,
    swap: f?.swap ?? 0,
    extra_specs: f?.extra_specs ?? {},
  };
}

/** The full server record; the server trims it to the request's microversion using the spec. */
export function serverView(s: ServerRecord, ctx: RequestContext) {
  const admin = ctx.isAdmin
    ? {
        "OS-EXT-SRV-ATTR:host": s.host,
        "OS-EXT-SRV-ATTR:hypervisor_hostname": `${s.host}.local`,
        "OS-EXT-SRV-ATTR:instance_name": `instance-${s.id.slice(0, 8)}`,
        "OS-EXT-SRV-ATTR:reservation_id": s.reservation_id,
        "OS-EXT-SRV-ATTR:launch_index": s.launch_index,
        "OS-EXT-SRV-ATTR:kernel_id": "",
        "OS-EXT-SRV-ATTR:ramdisk_id": "",
        "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
        "OS-EXT-SRV-ATTR:user_data": null,
        host_status: "UP",
      }
    : {};
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    tenant_id: s.project_id,
    user_id: s.user_id,
    metadata: s.metadata,
    hostId: s.host ? "5c3d2f0e8a4b1c9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f" : "",
    image: { id: s.image_id, links: links(ctx, "images", s.image_id).slice(1), properties: {} },
    flavor: flavorOf(s, ctx),
    created: s.created,
    updated: s.updated,
    addresses: s.addresses,
    accessIPv4: "",
    accessIPv6: "",
    links: links(ctx, "servers", s.id),
    "OS-DCF:diskConfig": "MANUAL",
    progress: 0,
    "OS-EXT-AZ:availability_zone": s.availability_zone,
    config_drive: "",
    key_name: s.key_name,
    "OS-SRV-USG:launched_at": s.status === "BUILD" ? null : `${s.created.replace("Z", "")}.000000`,
    "OS-SRV-USG:terminated_at": null,
    "OS-EXT-SRV-ATTR:hostname": s.name.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
    "OS-EXT-STS:task_state": s.task_state,
    "OS-EXT-STS:vm_state": s.vm_state,
    "OS-EXT-STS:power_state": s.power_state,
    "os-extended-volumes:volumes_attached": [],
    security_groups: [{ name: "default" }],
    locked: s.locked,
    locked_reason: s.locked_reason,
    description: s.description,
    tags: s.tags,
    trusted_image_certificates: null,
    server_groups: [],
    pinned_availability_zone: null,
    scheduler_hints: {},
    ...admin,
  };
}

export function getServer(ctx: RequestContext, id = ctx.params.server_id!): ServerRecord {
  const s = ctx.state.servers.get(id);
  if (!s || (!ctx.isAdmin && s.project_id !== ctx.user.project.id)) throw notFound(`Instance ${id} could not be found.`);
  return s;
}

function regex(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch {
    throw badRequest(`Invalid regular expression: ${text}`);
  }
}

/** Nova's server filters (the common ones), visibility by project, and sorting. */
function listed(ctx: RequestContext): ServerRecord[] {
  const q = ctx.query;
  const allTenants = ctx.isAdmin && q.has("all_tenants") && !["0", "false", "f", "off", "no", "n"].includes((q.get("all_tenants") ?? "").toLowerCase());
  const project = ctx.isAdmin && allTenants ? (q.get("project_id") ?? q.get("tenant_id")) : ctx.user.project.id;
  const name = q.get("name");
  const ip = q.get("ip");
  const tests: ((s: ServerRecord) => boolean)[] = [
    (s) => !project || s.project_id === project,
    (s) => !name || regex(name).test(s.name),
    (s) => !q.get("status") || s.status === q.get("status")!.toUpperCase(),
    (s) => !q.get("flavor") || s.flavor_id === q.get("flavor"),
    (s) => !q.get("image") || s.image_id === q.get("image"),
    (s) => !q.get("host") || !ctx.isAdmin || s.host === q.get("host"),
    (s) => !q.get("user_id") || s.user_id === q.get("user_id"),
    (s) => !q.get("changes-since") || s.updated >= q.get("changes-since")!,
    (s) => !ip || Object.values(s.addresses).some((list) => list.some((a) => a.version === 4 && regex(ip).test(a.addr))),
  ];
  const key = q.get("sort_key") ?? "created_at";
  const dir = (q.get("sort_dir") ?? "desc") === "asc" ? 1 : -1;
  const field = (s: ServerRecord): string => (key === "display_name" ? s.name : key === "uuid" || key === "id" ? s.id : key === "vm_state" ? s.vm_state : s.created);
  return [...ctx.state.servers.values()]
    .filter((s) => tests.every((t) => t(s)))
    .sort((a, b) => (field(a) < field(b) ? -1 : field(a) > field(b) ? 1 : a.id < b.id ? -1 : 1) * dir);
}

const markerMessage = (m: string) => `marker [${m}] not found`;

export const serverHandlers: Handlers = {
  listServers: (ctx) => {
    const { items, links: next } = page(listed(ctx), ctx, "/servers", markerMessage);
    return ok({ servers: items.map((s) => ({ id: s.id, name: s.name, links: links(ctx, "servers", s.id) })), ...(next ? { servers_links: next } : {}) });
  },
  listServersDetail: (ctx) => {
    const { items, links: next } = page(listed(ctx), ctx, "/servers/detail", markerMessage);
    return ok({ servers: items.map((s) => serverView(s, ctx)), ...(next ? { servers_links: next } : {}) });
  },
  showServer: (ctx) => ok({ server: serverView(getServer(ctx), ctx) }),
  deleteServer: (ctx) => {
    ctx.state.servers.delete(getServer(ctx).id);
    return noContent(204);
  },
  backupInstance: (ctx) => {
    const server = getServer(ctx);
    const { name, description } = ctx.body as { name: string; description?: string | null };
    const id = randomUUID();
    ctx.state.images.set(id, { id, name, server_id: server.id, description: description ?? null });
    return ok({ id });
  },
};
