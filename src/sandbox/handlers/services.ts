import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, conflict, notFound } from "../faults.js";
import { atLeast, isUuid, isoMicro, requireAdmin } from "./common.js";
import { nodeUsage, serversOn, zonesByAvailability } from "./compute.js";
import { INTERNAL_ZONE, type ServiceRecord, aggregateStore, computeServiceOf, computeStore, isUp, nodeOf, zoneOf } from "./stores.js";

// os-services, os-hosts (until 2.42) and os-availability-zone, all computed from the compute store.

const TRUE = new Set(["true", "1", "on", "yes"]);
/** Nova's ServiceBoolean: true or false, or one of their spellings as strings. */
const asBool = (v: boolean | string) => (typeof v === "boolean" ? v : TRUE.has(v.toLowerCase()));

function serviceView(ctx: RequestContext, s: ServiceRecord) {
  return {
    id: atLeast(ctx, "2.53") ? s.uuid : s.id,
    binary: s.binary,
    host: s.host,
    zone: zoneOf(ctx.state, s),
    status: s.disabled ? "disabled" : "enabled",
    state: isUp(s) ? "up" : "down",
    updated_at: s.updated_at,
    disabled_reason: s.disabled_reason,
    forced_down: s.forced_down,
  };
}

/** The service of a path id: an integer before 2.53, a UUID from 2.53 on. */
function serviceById(ctx: RequestContext): ServiceRecord {
  const id = ctx.params.service_id!;
  const byUuid = atLeast(ctx, "2.53");
  if (byUuid && !isUuid(id)) throw badRequest(`Invalid uuid ${id}`);
  if (!byUuid && !/^-?\d+$/.test(id)) throw badRequest("Invalid input received: id must be an integer");
  const s = computeStore(ctx.state).services.find((x) => (byUuid ? x.uuid === id : String(x.id) === id));
  if (!s) throw notFound(`Service ${id} not found.`);
  return s;
}

/** Only compute services can be enabled, disabled or forced down. */
function checkCompute(binary: string): void {
  if (binary !== "nova-compute") throw badRequest(`Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);
}

/** The service a pre-2.53 action body names by host and binary. */
function serviceByHostBinary(ctx: RequestContext): ServiceRecord {
  const { host, binary } = ctx.body as { host: string; binary: string };
  checkCompute(binary);
  const s = computeServiceOf(ctx.state, host);
  if (!s) throw notFound(`Host '${host}' is not mapped to any cell`);
  return s;
}

function setDisabled(s: ServiceRecord, disabled: boolean, reason: string | null): void {
  s.disabled = disabled;
  s.disabled_reason = reason;
  s.updated_at = isoMicro();
}

/** One of the pre-2.53 PUT /os-services/{action} routes: the change, then Nova's short reply. */
function legacyAction(rule: string, change: (s: ServiceRecord, body: { disabled_reason?: string; forced_down?: boolean | string }) => Record<string, unknown>) {
  return (ctx: RequestContext) => {
    requireAdmin(ctx, rule);
    const s = serviceByHostBinary(ctx);
    return ok({ service: { host: s.host, binary: s.binary, ...change(s, ctx.body as { disabled_reason?: string }) } });
  };
}

/** A compute host named in an os-hosts path (404 as Nova's HostMappingNotFound for others). */
function computeHost(ctx: RequestContext, rule: string): string {
  requireAdmin(ctx, rule);
  const host = ctx.params.host_name!;
  if (!nodeOf(ctx.state, host)) throw notFound(`Host '${host}' is not mapped to any cell`);
  return host;
}

function powerAction(rule: string, action: string) {
  return (ctx: RequestContext) => ok({ host: computeHost(ctx, rule), power_action: action });
}

export const serviceHandlers: Handlers = {
  listServices: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-services:list");
    const host = ctx.query.get("host");
    const binary = ctx.query.get("binary");
    const services = computeStore(ctx.state).services.filter((s) => (!host || s.host === host) && (!binary || s.binary === binary));
    return ok({ services: services.map((s) => serviceView(ctx, s)) });
  },
  enableService: legacyAction("os_compute_api:os-services:update", (s) => {
    setDisabled(s, false, null);
    return { status: "enabled" };
  }),
  disableService: legacyAction("os_compute_api:os-services:update", (s) => {
    setDisabled(s, true, s.disabled_reason);
    return { status: "disabled" };
  }),
  disableServiceLogReason: legacyAction("os_compute_api:os-services:update", (s, body) => {
    setDisabled(s, true, body.disabled_reason!);
    return { status: "disabled", disabled_reason: body.disabled_reason };
  }),
  forceDownService: legacyAction("os_compute_api:os-services:update", (s, body) => {
    s.forced_down = asBool(body.forced_down!);
    s.updated_at = isoMicro();
    return { forced_down: s.forced_down };
  }),
  updateService: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-services:update");
    const s = serviceById(ctx);
    const body = ctx.body as { status?: "enabled" | "disabled"; disabled_reason?: string; forced_down?: boolean | string };
    if (body.disabled_reason !== undefined && body.status !== "disabled") throw badRequest(`Specifying 'disabled_reason' with status '${body.status ?? "None"}' is invalid.`);
    checkCompute(s.binary);
    if (body.status) setDisabled(s, body.status === "disabled", body.disabled_reason ?? null);
    if (body.forced_down !== undefined) s.forced_down = asBool(body.forced_down);
    s.updated_at = isoMicro();
    return ok({ service: serviceView(ctx, s) });
  },
  deleteService: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-services:delete");
    const s = serviceById(ctx);
    const store = computeStore(ctx.state);
    if (s.binary === "nova-compute") {
      if (serversOn(ctx.state, s.host).length > 0) throw conflict("Unable to delete compute service that is hosting instances. Migrate or delete the instances first.");
      // Its compute node goes with it, and it leaves its aggregates.
      store.nodes = store.nodes.filter((n) => n.host !== s.host);
      for (const a of aggregateStore(ctx.state).byId.values()) a.hosts = a.hosts.filter((h) => h !== s.host);
    }
    store.services = store.services.filter((x) => x !== s);
    return noContent(204);
  },

  listHosts: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hosts:list");
    const zone = ctx.query.get("zone");
    // Nova lists the enabled services only.
    const hosts = computeStore(ctx.state)
      .services.filter((s) => !s.disabled)
      .map((s) => ({ host_name: s.host, service: s.binary.replace(/^nova-/, ""), zone: zoneOf(ctx.state, s) }))
      .filter((h) => !zone || h.zone === zone);
    return ok({ hosts });
  },
  showHost: (ctx) => {
    const host = computeHost(ctx, "os_compute_api:os-hosts:show");
    const node = nodeOf(ctx.state, host)!;
    const used = nodeUsage(ctx.state, node);
    const resource = (project: string, cpu: number, memory_mb: number, disk_gb: number) => ({ resource: { host, project, cpu, memory_mb, disk_gb } });
    const byProject = new Map<string, { cpu: number; memory_mb: number; disk_gb: number }>();
    for (const s of serversOn(ctx.state, host)) {
      const f = ctx.state.flavors.get(s.flavor_id);
      const sum = byProject.get(s.project_id) ?? { cpu: 0, memory_mb: 0, disk_gb: 0 };
      sum.cpu += f?.vcpus ?? 0;
      sum.memory_mb += f?.ram ?? 0;
      sum.disk_gb += (f?.disk ?? 0) + (f?.ephemeral ?? 0);
      byProject.set(s.project_id, sum);
    }
    const max = [...byProject.values()].reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory_mb: a.memory_mb + b.memory_mb, disk_gb: a.disk_gb + b.disk_gb }), { cpu: 0, memory_mb: 0, disk_gb: 0 });
    return ok({
      host: [
        resource("(total)", node.vcpus, node.memory_mb, node.local_gb),
        resource("(used_now)", used.vcpus_used, used.memory_mb_used, used.local_gb_used),
        resource("(used_max)", max.cpu, max.memory_mb, max.disk_gb),
        ...[...byProject].map(([project, sum]) => resource(project, sum.cpu, sum.memory_mb, sum.disk_gb)),
      ],
    });
  },
  updateHost: (ctx) => {
    const host = computeHost(ctx, "os_compute_api:os-hosts:update");
    const body = ctx.body as { status?: string; maintenance_mode?: string };
    const reply: Record<string, string> = { host };
    if (body.status !== undefined) {
      const enable = body.status.toLowerCase() === "enable";
      setDisabled(computeServiceOf(ctx.state, host)!, !enable, null);
      reply.status = enable ? "enabled" : "disabled";
    }
    // The fake virt driver's answer: maintenance mode is not kept.
    if (body.maintenance_mode !== undefined) reply.maintenance_mode = body.maintenance_mode.toLowerCase() === "enable" ? "on_maintenance" : "off_maintenance";
    return ok(reply);
  },
  rebootHost: powerAction("os_compute_api:os-hosts:reboot", "reboot"),
  shutdownHost: powerAction("os_compute_api:os-hosts:shutdown", "shutdown"),
  startupHost: powerAction("os_compute_api:os-hosts:start", "startup"),

  listAvailabilityZones: (ctx) => {
    const { available, unavailable } = zonesByAvailability(ctx.state);
    const zone = (zoneName: string, up: boolean) => ({ zoneName, zoneState: { available: up }, hosts: null });
    // The internal zone (of the services that are not nova-compute) is for admins, in the detail.
    return ok({ availabilityZoneInfo: [...available.filter((z) => z !== INTERNAL_ZONE).map((z) => zone(z, true)), ...unavailable.map((z) => zone(z, false))] });
  },
  listAvailabilityZonesDetail: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-availability-zone:detail");
    const { available, unavailable } = zonesByAvailability(ctx.state);
    const enabled = computeStore(ctx.state).services.filter((s) => !s.disabled);
    const hostsOf = (zone: string) => {
      const hosts: Record<string, Record<string, { available: boolean; active: boolean; updated_at: string | null }>> = {};
      for (const s of enabled.filter((x) => zoneOf(ctx.state, x) === zone).sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))) {
        (hosts[s.host] ??= {})[s.binary] = { available: isUp(s), active: !s.disabled, updated_at: s.updated_at };
      }
      return hosts;
    };
    return ok({
      availabilityZoneInfo: [
        ...available.map((zoneName) => ({ zoneName, zoneState: { available: true }, hosts: hostsOf(zoneName) })),
        ...unavailable.map((zoneName) => ({ zoneName, zoneState: { available: false }, hosts: null })),
      ],
    });
  },
};
