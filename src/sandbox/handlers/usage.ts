import { type Handlers, type RequestContext, ok } from "../context.js";
import { badRequest, forbidden } from "../faults.js";
import { atLeast, requireAdmin } from "./common.js";
import { page } from "./paging.js";
import { type TerminatedRecord, computeStore, isUp, launchedAt, terminatedStore } from "./stores.js";

// os-simple-tenant-usage and os-instance_usage_audit_log, computed from the servers, those still
// here and those deleted (Nova keeps a deleted server's record, with when it was terminated).

interface Lifetime {
  id: string;
  name: string;
  project_id: string;
  host: string;
  created: string;
  flavor: TerminatedRecord["flavor"];
  state: string;
  launched: number | null;
  terminated: number | null;
}

/** Nova's timestamps ("2026-01-02T03:04:05.000000", "2026-01-02T03:04:05Z") as ms since epoch. */
const ms = (text: string) => Date.parse(`${text.replace(" ", "T").replace(/Z$/, "")}Z`);
/** A time as Nova writes a datetime: "2026-01-02T03:04:05.000000". */
const iso = (t: number) => `${new Date(t).toISOString().slice(0, 23)}000`;

function lifetimes(ctx: RequestContext): Lifetime[] {
  const live: Lifetime[] = [...ctx.state.servers.values()].map((s) => {
    const launched = launchedAt(s);
    const f = ctx.state.flavors.get(s.flavor_id);
    return {
      id: s.id,
      name: s.name,
      project_id: s.project_id,
      host: s.host,
      created: s.created,
      flavor: f && { name: f.name, ram: f.ram, vcpus: f.vcpus, disk: f.disk, ephemeral: f.ephemeral },
      state: s.vm_state,
      launched: launched === null ? null : ms(launched),
      terminated: null,
    };
  });
  const gone: Lifetime[] = terminatedStore(ctx.state).map((t) => ({
    ...t,
    created: t.launched_at ?? t.terminated_at,
    state: "terminated",
    launched: t.launched_at === null ? null : ms(t.launched_at),
    terminated: ms(t.terminated_at),
  }));
  return [...live, ...gone];
}

/** Nova's get_active_by_window: launched before the period ends, not terminated before it starts. */
const activeIn = (l: Lifetime, start: number, stop: number) => l.launched !== null && l.launched < stop && (l.terminated === null || l.terminated > start);

/** Nova's accepted forms of start and end; now when absent. */
function parseTime(text: string | null, now: number): number {
  if (text === null) return now;
  const t = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(text) ? ms(text) : Number.NaN;
  if (Number.isNaN(t)) throw badRequest("Invalid datetime string: Datetime is in invalid format");
  return t;
}

/** The usage of every project with servers active in the period ([start, end) from the query), and the servers' usage. */
function usages(ctx: RequestContext, path: string, project?: string) {
  const now = Date.now();
  const start = parseTime(ctx.query.get("start"), now);
  const stop = parseTime(ctx.query.get("end"), now);
  if (!(start < stop)) throw badRequest("Invalid start time. The start time cannot occur after the end time.");
  let active = lifetimes(ctx)
    .filter((l) => (!project || l.project_id === project) && activeIn(l, start, stop))
    .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  let links: { rel: string; href: string }[] | undefined;
  if (atLeast(ctx, "2.40")) ({ items: active, links } = page(active, ctx, path, (m) => `Marker ${m} could not be found.`));
  const byProject = new Map<string, { tenant_id: string; start: string; stop: string; total_hours: number; total_local_gb_usage: number; total_memory_mb_usage: number; total_vcpus_usage: number; server_usages: object[] }>();
  for (const l of active) {
    // Charged from launch (or the period's start) to termination (or the period's end).
    const hours = (Math.min(stop, l.terminated ?? stop) - Math.max(start, l.launched!)) / 3600000;
    const f = l.flavor ?? { name: "", ram: 0, vcpus: 0, disk: 0, ephemeral: 0 };
    const usage = {
      instance_id: l.id,
      name: l.name,
      tenant_id: l.project_id,
      flavor: f.name,
      hours,
      memory_mb: f.ram,
      local_gb: f.disk + f.ephemeral,
      vcpus: f.vcpus,
      started_at: iso(l.launched!),
      ended_at: l.terminated === null ? null : iso(l.terminated),
      state: l.state,
      uptime: Math.floor(((l.terminated ?? now) - l.launched!) / 1000),
    };
    let sum = byProject.get(l.project_id);
    if (!sum) {
      sum = { tenant_id: l.project_id, start: iso(start), stop: iso(stop), total_hours: 0, total_local_gb_usage: 0, total_memory_mb_usage: 0, total_vcpus_usage: 0, server_usages: [] };
      byProject.set(l.project_id, sum);
    }
    sum.total_hours += hours;
    sum.total_local_gb_usage += usage.local_gb * hours;
    sum.total_memory_mb_usage += usage.memory_mb * hours;
    sum.total_vcpus_usage += usage.vcpus * hours;
    sum.server_usages.push(usage);
  }
  return { tenants: [...byProject.values()], links };
}

/** Nova's last_completed_audit_period (monthly): the calendar month before the one `before` is in. */
function auditPeriod(before: Date): [Date, Date] {
  let end = new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), 1));
  if (end.getTime() >= before.getTime()) end = new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth() - 1, 1));
  return [new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1)), end];
}

/**
 * The audit of a period: every compute host whose service is up ran it (over the servers active
 * on it then); a host that is down has not.
 */
function auditLog(ctx: RequestContext, before: Date) {
  const [begin, end] = auditPeriod(before);
  const text = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");
  const computes = computeStore(ctx.state).services.filter((s) => s.binary === "nova-compute");
  const ran = computes.filter(isUp).map((s) => s.host);
  const active = lifetimes(ctx).filter((l) => activeIn(l, begin.getTime(), end.getTime()));
  const log = Object.fromEntries(
    ran.map((host) => {
      const instances = active.filter((l) => l.host === host).length;
      return [host, { state: "DONE", instances, errors: 0, message: `Instance usage audit ran for host ${host}, ${instances} instances in 0.01 seconds.` }];
    }),
  );
  const notRun = computes.map((s) => s.host).filter((h) => !ran.includes(h));
  const total = Object.values(log).reduce((n, l) => n + l.instances, 0);
  return {
    period_beginning: text(begin),
    period_ending: text(end),
    num_hosts: computes.length,
    num_hosts_done: ran.length,
    num_hosts_running: 0,
    num_hosts_not_run: notRun.length,
    hosts_not_run: notRun,
    total_instances: total,
    total_errors: 0,
    overall_status: `${ran.length === computes.length ? "ALL" : `${ran.length} of ${computes.length}`} hosts done. 0 errors.`,
    log,
  };
}

export const usageHandlers: Handlers = {
  listTenantUsages: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-simple-tenant-usage:list");
    const detailed = ctx.query.get("detailed") === "1";
    const { tenants, links } = usages(ctx, "/os-simple-tenant-usage");
    return ok({ tenant_usages: tenants.map(({ server_usages, ...sum }) => (detailed ? { ...sum, server_usages } : sum)), ...(links ? { tenant_usages_links: links } : {}) });
  },
  showTenantUsage: (ctx) => {
    const project = ctx.params.tenant_id!;
    if (!ctx.isAdmin && project !== ctx.user.project.id) throw forbidden("os_compute_api:os-simple-tenant-usage:show");
    const { tenants, links } = usages(ctx, `/os-simple-tenant-usage/${project}`, project);
    return ok({ tenant_usage: tenants[0] ?? {}, ...(links ? { tenant_usage_links: links } : {}) });
  },
  listInstanceUsageAuditLogs: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-instance-usage-audit-log:list");
    return ok({ instance_usage_audit_logs: auditLog(ctx, new Date()) });
  },
  showInstanceUsageAuditLog: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-instance-usage-audit-log:show");
    const text = ctx.params.before_timestamp!;
    const before = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(text) ? ms(text) : Number.NaN;
    if (Number.isNaN(before)) throw badRequest(`Invalid timestamp for date ${text}`);
    return ok({ instance_usage_audit_log: auditLog(ctx, new Date(before)) });
  },
};
