import { type Handlers, type RequestContext, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import { atLeast, isUuid, requireAdmin } from "./common.js";
import { nodeUsage, serversOn } from "./compute.js";
import { page } from "./paging.js";
import { type ComputeNodeRecord, computeServiceOf, computeStore, isUp } from "./stores.js";

// os-hypervisors: one per compute node, its figures computed from the servers on its host.

const CPU_INFO = { arch: "x86_64", model: "Cascadelake-Server", vendor: "Intel", features: ["pge", "clflush", "sse4.2", "avx512f"], topology: { cores: 4, threads: 2, sockets: 2 } };

const idOf = (ctx: RequestContext, n: { id: number; uuid: string }) => (atLeast(ctx, "2.53") ? n.uuid : n.id);
const hostnameOf = (n: ComputeNodeRecord) => `${n.host}.local`;

/** The host's `uptime` line, counted from its boot (load averages fixed per host). */
function uptime(n: ComputeNodeRecord, now = new Date()): string {
  const minutes = Math.floor((now.getTime() - n.booted_at) / 60000);
  const clock = now.toISOString().slice(11, 19);
  const hm = `${Math.floor((minutes % 1440) / 60)}:${String(minutes % 60).padStart(2, "0")}`;
  const load = (0.1 * n.id).toFixed(2);
  return ` ${clock} up ${Math.floor(minutes / 1440)} days, ${hm},  1 user,  load average: ${load}, ${load}, ${load}`;
}

function summary(ctx: RequestContext, n: ComputeNodeRecord) {
  const service = computeServiceOf(ctx.state, n.host)!;
  return { id: idOf(ctx, n), hypervisor_hostname: hostnameOf(n), state: isUp(service) ? "up" : "down", status: service.disabled ? "disabled" : "enabled" };
}

/**
 * A hypervisor in full; the reply trimming drops what the request's microversion lacks (the
 * resource figures from 2.88, uptime before it), except cpu_info's form, a oneOf it does not reach.
 */
function detail(ctx: RequestContext, n: ComputeNodeRecord) {
  const service = computeServiceOf(ctx.state, n.host)!;
  const used = nodeUsage(ctx.state, n);
  const freeDisk = n.local_gb - used.local_gb_used;
  return {
    ...summary(ctx, n),
    hypervisor_type: "QEMU",
    hypervisor_version: 7002000,
    host_ip: n.host_ip,
    service: { id: idOf(ctx, service), host: n.host, disabled_reason: service.disabled_reason },
    vcpus: n.vcpus,
    memory_mb: n.memory_mb,
    local_gb: n.local_gb,
    ...used,
    free_ram_mb: n.memory_mb - used.memory_mb_used,
    free_disk_gb: freeDisk,
    disk_available_least: freeDisk,
    cpu_info: atLeast(ctx, "2.28") ? CPU_INFO : JSON.stringify(CPU_INFO),
    uptime: isUp(service) ? uptime(n) : null,
  };
}

/**
 * The servers on a hypervisor, when asked for. Before 2.75 a hypervisor without servers has no
 * "servers" key at all.
 */
function withServers(ctx: RequestContext, n: ComputeNodeRecord) {
  const servers = serversOn(ctx.state, n.host).map((s) => ({ name: s.name, uuid: s.id }));
  return servers.length > 0 || atLeast(ctx, "2.75") ? { servers } : {};
}

/** with_servers=true (2.53); before 2.53 the servers have a route of their own. */
const wantsServers = (ctx: RequestContext) => atLeast(ctx, "2.53") && ["true", "1", "yes", "on"].includes((ctx.query.get("with_servers") ?? "").toLowerCase());

/** Hypervisors whose host name contains `pattern`; 404 when none does. */
function matching(ctx: RequestContext, pattern: string): ComputeNodeRecord[] {
  const found = computeStore(ctx.state).nodes.filter((n) => hostnameOf(n).includes(pattern));
  if (found.length === 0) throw notFound(`No hypervisor matching '${pattern}' could be found.`);
  return found;
}

/** The list routes: a page of hypervisors (2.33), or those matching hypervisor_hostname_pattern (2.53, unpaged). */
function listed(ctx: RequestContext, path: string, view: typeof summary) {
  requireAdmin(ctx, "os_compute_api:os-hypervisors:list");
  const pattern = ctx.query.get("hypervisor_hostname_pattern");
  const servers = wantsServers(ctx);
  const show = (n: ComputeNodeRecord) => ({ ...view(ctx, n), ...(servers ? withServers(ctx, n) : {}) });
  if (pattern !== null && atLeast(ctx, "2.53")) {
    if (ctx.query.has("limit") || ctx.query.has("marker")) throw badRequest("Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.");
    return ok({ hypervisors: matching(ctx, pattern).map(show) });
  }
  const nodes = computeStore(ctx.state).nodes;
  if (!atLeast(ctx, "2.33")) return ok({ hypervisors: nodes.map(show) });
  const { items, links } = page(nodes, ctx, path, (m) => `marker [${m}] not found`, (n) => String(idOf(ctx, n)));
  return ok({ hypervisors: items.map(show), ...(links ? { hypervisors_links: links } : {}) });
}

/** The hypervisor of a path id: an integer before 2.53, a UUID from 2.53 on. */
function nodeById(ctx: RequestContext, rule: string): ComputeNodeRecord {
  requireAdmin(ctx, rule);
  const id = ctx.params.hypervisor_id!;
  if (atLeast(ctx, "2.53") && !isUuid(id)) throw badRequest(`Invalid uuid ${id}`);
  const n = computeStore(ctx.state).nodes.find((x) => String(idOf(ctx, x)) === id);
  if (!n) throw notFound(`Hypervisor with ID '${id}' could not be found.`);
  return n;
}

export const hypervisorHandlers: Handlers = {
  listHypervisors: (ctx) => listed(ctx, "/os-hypervisors", summary),
  listHypervisorsDetail: (ctx) => listed(ctx, "/os-hypervisors/detail", detail),
  showHypervisor: (ctx) => {
    const n = nodeById(ctx, "os_compute_api:os-hypervisors:show");
    return ok({ hypervisor: { ...detail(ctx, n), ...(wantsServers(ctx) ? withServers(ctx, n) : {}) } });
  },
  showHypervisorUptime: (ctx) => {
    const n = nodeById(ctx, "os_compute_api:os-hypervisors:uptime");
    const service = computeServiceOf(ctx.state, n.host)!;
    if (!isUp(service)) throw badRequest(`Compute service of ${n.host} is unavailable at this time.`);
    return ok({ hypervisor: { ...summary(ctx, n), uptime: uptime(n) } });
  },
  searchHypervisors: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hypervisors:search");
    return ok({ hypervisors: matching(ctx, ctx.params.hypervisor_hostname_pattern!).map((n) => summary(ctx, n)) });
  },
  listHypervisorServers: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hypervisors:servers");
    return ok({ hypervisors: matching(ctx, ctx.params.hypervisor_hostname_pattern!).map((n) => ({ ...summary(ctx, n), ...withServers(ctx, n) })) });
  },
  showHypervisorStatistics: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-hypervisors:statistics");
    // Nova sums the compute nodes of enabled services only.
    const nodes = computeStore(ctx.state).nodes.filter((n) => !computeServiceOf(ctx.state, n.host)!.disabled);
    const keys = ["vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used", "free_ram_mb", "free_disk_gb", "current_workload", "running_vms", "disk_available_least"] as const;
    const sums = Object.fromEntries(keys.map((k) => [k, 0])) as Record<(typeof keys)[number], number>;
    for (const n of nodes) {
      const d = detail(ctx, n);
      for (const k of keys) sums[k] += d[k];
    }
    return ok({ hypervisor_statistics: { count: nodes.length, ...sums } });
  },
};
