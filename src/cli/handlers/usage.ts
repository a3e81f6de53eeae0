import { NovaClientError } from "../../core/errors.js";
import { inRange } from "../../core/version.js";
import type { CommandContext, CommandHandler, Input } from "../context.js";
import { printsTable } from "../formats.js";
import { type Row, fieldColumn, formatList } from "../print.js";

interface ServerUsage {
  instance_id: string;
}
interface TenantUsage extends Row {
  tenant_id: string;
  server_usages?: ServerUsage[];
  total_memory_mb_usage?: number;
  total_vcpus_usage?: number;
  total_local_gb_usage?: number;
  total_hours?: number;
}

const DAY = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const ymd = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Python's naive datetime.isoformat(): microseconds only when there are some. */
const isoformat = (d: Date) => `${ymd(d)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${d.getUTCMilliseconds() ? `.${pad(d.getUTCMilliseconds(), 3)}000` : ""}`;

/** datetime.strptime(text, "%Y-%m-%d"), with its ValueError. */
function strptime(text: string): Date {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw new NovaClientError("ValueError", `time data '${text}' does not match format '%Y-%m-%d'`);
  }
  return date;
}

/** --start / --end, or four weeks ago / tomorrow. */
function period(ctx: CommandContext): { start: Date; end: Date } {
  const now = Date.now();
  const start = ctx.argv.start ? strptime(String(ctx.argv.start)) : new Date(now - 28 * DAY);
  const end = ctx.argv.end ? strptime(String(ctx.argv.end)) : new Date(now + DAY);
  return { start, end };
}

/** The instance_id of the last server of a page, where the next page starts (python's _get_usage_marker). */
const markerOf = (u: TenantUsage | undefined) => (u?.server_usages?.length ? u.server_usages[u.server_usages.length - 1]!.instance_id : undefined);

/** python-novaclient's _merge_usage: the next page's servers and totals added to the first. */
function merge(into: TenantUsage, next: TenantUsage): void {
  into.server_usages = [...(into.server_usages ?? []), ...(next.server_usages ?? [])];
  for (const key of ["total_hours", "total_memory_mb_usage", "total_vcpus_usage", "total_local_gb_usage"] as const) into[key] = (into[key] ?? 0) + (next[key] ?? 0);
}

const money = (n: unknown) => (typeof n === "number" ? n.toFixed(2) : String(n));

/**
 * usage, usage-list: the period from --start/--end (or the last four weeks), python-novaclient's
 * paging from 2.40 (it asks again from the last server's instance_id until a page has none, and
 * merges the pages per project), and its "Usage from ... to ...:" line above the table.
 */
const usage: CommandHandler = {
  prints: "list",
  async call(ctx, input) {
    const { start, end } = period(ctx);
    const list = ctx.spec.name === "usage-list";
    const query: Input = { ...input, start: isoformat(start), end: isoformat(end), ...(list ? { detailed: "1" } : {}) };
    if (!list) query.tenant_id = ctx.argv.tenant ?? ctx.nova.projectId;
    const page = async (marker?: string) => {
      const reply = (await ctx.call(marker ? { ...query, marker } : query)) as { tenant_usages?: TenantUsage[]; tenant_usage?: TenantUsage };
      return list ? reply.tenant_usages! : [reply.tenant_usage!];
    };
    const first = await page();
    if (!inRange(ctx.version, "2.40")) return { start, end, usages: first };
    const byTenant = new Map<string, TenantUsage>();
    const add = (usages: TenantUsage[]) => {
      for (const u of usages) {
        const known = list ? byTenant.get(u.tenant_id) : byTenant.values().next().value;
        if (known) merge(known, u);
        else byTenant.set(u.tenant_id, u);
      }
    };
    add(first);
    let marker = markerOf(first.at(-1));
    while (marker) {
      const next = await page(marker);
      marker = markerOf(next.at(-1));
      if (marker) add(next);
    }
    return { start, end, usages: [...byTenant.values()] };
  },
  format(ctx, result) {
    const { start, end, usages } = result as { start: Date; end: Date; usages: TenantUsage[] };
    const lines = [`Usage from ${ymd(start)} to ${ymd(end)}:`];
    const columns = [
      ...(ctx.spec.name === "usage-list" ? [fieldColumn("Tenant ID", "tenant_id", ctx.hint)] : []),
      fieldColumn("Servers", "servers", ctx.hint),
      fieldColumn("RAM MiB-Hours", "ram", ctx.hint),
      fieldColumn("CPU Hours", "cpu", ctx.hint),
      fieldColumn("Disk GiB-Hours", "disk", ctx.hint),
    ];
    const rows = usages.map((u) => ({ tenant_id: u.tenant_id, servers: String(u.server_usages?.length ?? 0), ram: money(u.total_memory_mb_usage), cpu: money(u.total_vcpus_usage), disk: money(u.total_local_gb_usage) }));
    // Another format (-f) prints the table's data alone, as openstackclient's usage does.
    if (!printsTable()) return formatList(rows, columns);
    // usage prints None when the project used no CPU time (python tests total_vcpus_usage).
    if (ctx.spec.name === "usage" && !usages[0]?.total_vcpus_usage) lines.push("None");
    else lines.push(formatList(rows, columns));
    return lines.join("\n");
  },
};
export default usage;
