import { randomUUID } from "node:crypto";
import { compareVersions, parseVersion } from "../../core/version.js";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import type { ServerRecord } from "../state.js";
import { atLeast, checkLock, hostIdOf, recordAction } from "./common.js";
import { page } from "./paging.js";
import { attachmentsOf, computeServiceOf, forgetServer, groupsOf, isUp, launchedAt, settleLiveMigrations } from "./stores.js";

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

/** Nova's host_status: DOWN when the host's compute service is down (or gone), MAINTENANCE when it is disabled. */
function hostStatus(ctx: RequestContext, host: string | null): string {
  if (!host) return "";
  const service = computeServiceOf(ctx.state, host);
  if (!service || !isUp(service)) return "DOWN";
  return service.disabled ? "MAINTENANCE" : "UP";
}

/** The full server record; the server trims it to the request's microversion using the spec. */
export function serverView(s: ServerRecord, ctx: RequestContext) {
  const host = s.host || null;
  const admin = ctx.isAdmin
    ? {
        "OS-EXT-SRV-ATTR:host": host,
        "OS-EXT-SRV-ATTR:hypervisor_hostname": host ? `${host}.local` : null,
        "OS-EXT-SRV-ATTR:instance_name": s.instance_name ?? `instance-${s.id.slice(0, 8)}`,
        "OS-EXT-SRV-ATTR:reservation_id": s.reservation_id,
        "OS-EXT-SRV-ATTR:launch_index": s.launch_index,
        "OS-EXT-SRV-ATTR:kernel_id": "",
        "OS-EXT-SRV-ATTR:ramdisk_id": "",
        "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
        "OS-EXT-SRV-ATTR:user_data": s.user_data ?? null,
        host_status: hostStatus(ctx, host),
      }
    : {};
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    tenant_id: s.project_id,
    user_id: s.user_id,
    metadata: s.metadata,
    hostId: hostIdOf(s.project_id, host),
    image: s.image_id ? { id: s.image_id, links: links(ctx, "images", s.image_id).slice(1), ...(atLeast(ctx, "2.98") ? { properties: imageProperties(ctx, s.image_id) } : {}) } : "",
    flavor: flavorOf(s, ctx),
    created: s.created,
    updated: s.updated,
    addresses: s.addresses,
    accessIPv4: s.access_ipv4 ?? "",
    accessIPv6: s.access_ipv6 ?? "",
    links: links(ctx, "servers", s.id),
    "OS-DCF:diskConfig": s.disk_config ?? "MANUAL",
    progress: 0,
    "OS-EXT-AZ:availability_zone": s.availability_zone,
    config_drive: s.config_drive ? "True" : "",
    key_name: s.key_name,
    "OS-SRV-USG:launched_at": launchedAt(s),
    "OS-SRV-USG:terminated_at": null,
    "OS-EXT-SRV-ATTR:hostname": s.hostname ?? hostnameOf(s.name),
    "OS-EXT-STS:task_state": s.task_state,
    "OS-EXT-STS:vm_state": s.vm_state,
    "OS-EXT-STS:power_state": s.power_state,
    "os-extended-volumes:volumes_attached": attachmentsOf(ctx.state, s.id).map((a) => ({ id: a.volumeId, delete_on_termination: a.delete_on_termination })),
    security_groups: (s.security_groups ?? ["default"]).map((name) => ({ name })),
    ...(s.fault ? { fault: s.fault } : {}),
    locked: s.locked,
    locked_reason: s.locked_reason,
    description: s.description,
    tags: s.tags,
    trusted_image_certificates: s.trusted_image_certificates ?? null,
    server_groups: groupsOf(ctx.state, s.id).map((g) => g.id),
    pinned_availability_zone: s.pinned_availability_zone ?? null,
    scheduler_hints: s.scheduler_hints ?? {},
    ...admin,
  };
}

/**
 * Image properties as Nova shows them from 2.98 (the sandbox's images have few). Left out before
 * 2.98 here because the reply trimming does not reach into ServerImage's oneOf branches.
 */
function imageProperties(ctx: RequestContext, imageId: string): Record<string, string> {
  return { ...(ctx.state.images.get(imageId)?.properties ?? {}) };
}

/** Nova's hostname from a display name (sanitize_hostname). */
export function hostnameOf(name: string): string {
  const h = name
    .toLowerCase()
    .replace(/[ _]/g, "-")
    .replace(/[^\w.-]+/g, "")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 63);
  return h || "server";
}

export function getServer(ctx: RequestContext, id = ctx.params.server_id!): ServerRecord {
  settleLiveMigrations(ctx.state);
  const s = ctx.state.servers.get(id);
  if (!s || (!ctx.isAdmin && s.project_id !== ctx.user.project.id)) throw notFound(`Instance ${id} could not be found.`);
  delete s.pending;
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
  settleLiveMigrations(ctx.state);
  const q = ctx.query;
  const tagList = (key: string) => (q.get(key) ? q.get(key)!.split(",") : null);
  const [tags, tagsAny, notTags, notTagsAny] = ["tags", "tags-any", "not-tags", "not-tags-any"].map(tagList);
  const bool = (text: string) => ["1", "t", "true", "on", "y", "yes"].includes(text.toLowerCase());
  const allTenants = ctx.isAdmin && q.has("all_tenants") && !["0", "false", "f", "off", "no", "n"].includes((q.get("all_tenants") ?? "").toLowerCase());
  const project = ctx.isAdmin && allTenants ? (q.get("project_id") ?? q.get("tenant_id")) : ctx.user.project.id;
  const name = q.get("name") ? regex(q.get("name")!) : undefined;
  const ip = q.get("ip") ? regex(q.get("ip")!) : undefined;
  const equal = (param: string, of: (s: ServerRecord) => unknown, transform = (v: string) => v) => {
    const wanted = q.get(param);
    return wanted ? (s: ServerRecord) => of(s) === transform(wanted) : undefined;
  };
  const locked = q.has("locked") ? bool(q.get("locked")!) : undefined;
  const changesSince = q.get("changes-since");
  // Only the filters the query asks for, decided once: a page walks every server.
  const tests = [
    project ? (s: ServerRecord) => s.project_id === project : undefined,
    name ? (s: ServerRecord) => name.test(s.name) : undefined,
    equal("status", (s) => s.status, (v) => v.toUpperCase()),
    equal("flavor", (s) => s.flavor_id),
    equal("image", (s) => s.image_id),
    ctx.isAdmin ? equal("host", (s) => s.host) : undefined,
    equal("user_id", (s) => s.user_id),
    changesSince ? (s: ServerRecord) => s.updated >= changesSince : undefined,
    equal("reservation_id", (s) => s.reservation_id),
    equal("vm_state", (s) => s.vm_state),
    equal("task_state", (s) => s.task_state),
    equal("availability_zone", (s) => s.availability_zone),
    equal("key_name", (s) => s.key_name),
    locked === undefined ? undefined : (s: ServerRecord) => s.locked === locked,
    tags ? (s: ServerRecord) => tags.every((t) => s.tags.includes(t)) : undefined,
    tagsAny ? (s: ServerRecord) => tagsAny.some((t) => s.tags.includes(t)) : undefined,
    notTags ? (s: ServerRecord) => !notTags.every((t) => s.tags.includes(t)) : undefined,
    notTagsAny ? (s: ServerRecord) => !notTagsAny.some((t) => s.tags.includes(t)) : undefined,
    ip ? (s: ServerRecord) => Object.values(s.addresses).some((list) => list.some((a) => a.version === 4 && ip.test(a.addr))) : undefined,
  ].filter((t) => t !== undefined);
  const key = q.get("sort_key") ?? "created_at";
  const dir = (q.get("sort_dir") ?? "desc") === "asc" ? 1 : -1;
  const field = (s: ServerRecord): string => (key === "display_name" ? s.name : key === "uuid" || key === "id" ? s.id : key === "vm_state" ? s.vm_state : s.created);
  return [...ctx.state.servers.values()]
    .filter((s) => tests.every((t) => t(s)))
    .map((s) => ({ s, k: field(s) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.s.id < b.s.id ? -1 : 1) * dir)
    .map(({ s }) => s);
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
  showServer: (ctx) => {
    const pending = ctx.state.servers.get(ctx.params.server_id!)?.pending;
    const view = serverView(getServer(ctx), ctx);
    if (!pending) return ok({ server: view });
    return ok({ server: { ...view, status: pending.status, "OS-EXT-STS:vm_state": pending.vm_state, "OS-EXT-STS:task_state": pending.task_state, "OS-EXT-STS:power_state": pending.power_state, "OS-SRV-USG:launched_at": null } });
  },
  deleteServer: (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    recordAction(ctx, s, "delete", { events: ["compute_terminate_instance"] });
    forgetServer(ctx.state, s.id);
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
