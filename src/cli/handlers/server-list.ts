import { NovaClientError } from "../../core/errors.js";
import { compareVersions, parseVersion } from "../../core/version.js";
import type { CommandContext, CommandHandler } from "../context.js";
import { printsTable } from "../formats.js";
import { type Column, type Row, cellsOf, fieldColumn, formatCells, formatList } from "../print.js";
import { pyStr } from "../../text/python.js";
import { networksText, powerStateText } from "./server-format.js";

/** python-novaclient's _format_field_name: "flavor:original_name" -> "flavor: Original Name". */
export function fieldTitle(attr: string): string {
  const parts = attr.split(":");
  const last = parts.length > 1 ? parts.pop()! : parts.pop()!;
  let name = last.replace(/_/g, " ");
  if (name === name.toUpperCase() || name === name.toLowerCase()) name = name.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
  return [...parts, name].join(": ");
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The pages, turned into table cells as they arrive (or, under --json, the records kept). */
async function listServers(ctx: CommandContext): Promise<{ servers: Row[]; table?: string }> {
  const a = ctx.argv;
  const version = ctx.version;
  const atLeast = (v: string) => compareVersions(version, parseVersion(v)) >= 0;
  const tenant = a.tenant ? String(a.tenant) : undefined;
  // --all-tenants takes an optional 0/1 (bare: 1); --tenant implies it.
  const all = a["all-tenants"];
  const allTenants = tenant ? 1 : all === undefined ? 0 : all === "" ? 1 : Number(all);
  // python-novaclient resolves the image (in Glance) before the flavor.
  const image = a.image ? (await ctx.nova.glance.find(String(a.image))).id : undefined;
  const flavor = a.flavor ? (await ctx.nova.flavors.find(String(a.flavor))).id : undefined;
  const search: Record<string, unknown> = {
    all_tenants: allTenants || undefined,
    reservation_id: a["reservation-id"],
    ip: a.ip,
    ip6: a.ip6,
    name: a.name,
    flavor,
    image,
    status: a.status,
    tenant_id: tenant,
    user_id: a.user,
    host: a.host,
    deleted: a.deleted ? "True" : undefined,
    "changes-since": a["changes-since"],
    availability_zone: a["availability-zone"],
    key_name: a["key-name"],
    progress: a.progress,
    vm_state: a["vm-state"],
    task_state: a["task-state"],
    power_state: a["power-state"],
  };
  if (a["config-drive"] !== undefined) search.config_drive = a["config-drive"] ? "True" : "False";
  for (const k of ["tags", "tags-any", "not-tags", "not-tags-any"]) if (atLeast("2.26") && a[k]) search[k] = a[k];
  if (atLeast("2.66") && a["changes-before"]) search["changes-before"] = a["changes-before"];
  if (atLeast("2.73") && a.locked) search.locked = a.locked;
  for (const k of ["changes-since", "changes-before"]) {
    if (search[k] && !ISO.test(String(search[k]))) throw new NovaClientError("CommandError", `Invalid ${k} value: ${String(search[k])}`);
  }
  const sortKeys: string[] = [];
  const sortDirs: string[] = [];
  if (a.sort) {
    for (const part of String(a.sort).split(",")) {
      const [key, dir = "desc"] = part.split(":") as [string, string?];
      if (dir !== "asc" && dir !== "desc") throw new NovaClientError("CommandError", `Unknown sort direction: ${dir}`);
      sortKeys.push(key);
      sortDirs.push(dir);
    }
  }
  const query = Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined && v !== "" && v !== 0 && v !== null));
  if (sortKeys.length) Object.assign(query, { sort_key: sortKeys, sort_dir: sortDirs });
  const limit = a.limit as number | undefined;
  const list = a.minimal ? ctx.nova.servers.listSummary : ctx.nova.servers.list;
  const fetchPage = (marker: unknown) => list({ ...query, ...(marker ? { marker } : {}), ...(limit && limit !== -1 ? { limit } : {}) } as never) as Promise<{ servers: Row[] }>;

  const embedded = atLeast("2.47");
  const value = (row: Row, key: string): unknown => {
    if (key.startsWith("flavor:") && embedded && row.flavor && typeof row.flavor === "object") return (row.flavor as Row)[key.slice(7)];
    // From 2.47 python-novaclient turns the flavor into flavor:<key> attributes and drops
    // "flavor" itself, so a "flavor" column is empty; before, it shows the flavor's id.
    if (key === "flavor" && row.flavor && typeof row.flavor === "object") return embedded ? undefined : (row.flavor as Row).id;
    return row[key];
  };
  const columnsFor = (first: Row | undefined): Column[] => {
    if (a.minimal) return [fieldColumn("ID", "id", ctx.hint), fieldColumn("Name", "name", ctx.hint)];
    if (a.fields && first) {
      const existing = new Set(["networks", ...Object.keys(first), ...(embedded && first.flavor && typeof first.flavor === "object" ? Object.keys(first.flavor).map((k) => `flavor:${k}`) : [])]);
      const wanted = [...new Set(String(a.fields).split(","))];
      const missing = wanted.filter((f) => !existing.has(f));
      if (missing.length) throw new NovaClientError("CommandError", `Non-existent fields are specified: [${missing.map((m) => `'${m}'`).join(", ")}]`);
      const columns = [fieldColumn("ID", "id", ctx.hint)];
      for (const f of wanted.filter((w) => w !== "id")) {
        if (f === "networks") columns.push({ header: "Networks", text: networksText });
        else if (f === "security_groups") columns.push({ header: fieldTitle(f), text: (r) => ((r.security_groups as { name: string }[] | undefined) ?? []).map((g) => g.name).join(", ") });
        else columns.push({ header: fieldTitle(f), text: (r) => (value(r, f) === undefined ? "" : pyStr(value(r, f), ctx.hint, f)) });
      }
      return columns;
    }
    const columns = [
      fieldColumn("ID", "id", ctx.hint),
      fieldColumn("Name", "name", ctx.hint),
      fieldColumn("Status", "status", ctx.hint),
      fieldColumn("Task State", "OS-EXT-STS:task_state", ctx.hint, "N/A"),
      { header: "Power State", text: powerStateText },
      { header: "Networks", text: networksText },
    ];
    if (allTenants) columns.splice(2, 0, fieldColumn("Tenant ID", "tenant_id", ctx.hint));
    if (search["changes-since"] || search["changes-before"]) columns.push(fieldColumn("Updated", "updated", ctx.hint));
    return columns;
  };

  // --limit -1 walks every page. The next page is asked for as soon as this one's last id is
  // known and each page becomes table cells while the next is on its way, so the records of
  // 10,000 servers are not all kept (unless --json prints them, or -f prints their fields).
  const keep = a.json || !printsTable();
  const servers: Row[] = [];
  const cells: string[][] = [];
  let columns: Column[] | undefined;
  let next = fetchPage(a.marker);
  for (;;) {
    const page = await next;
    const more = limit === -1 && page.servers.length > 0;
    if (more) {
      next = fetchPage(page.servers[page.servers.length - 1]!.id);
      // Awaited on the next turn; if this page fails to print first, its outcome no longer matters.
      next.catch(() => undefined);
    }
    if (keep) servers.push(...page.servers);
    else {
      columns ??= columnsFor(page.servers[0]);
      for (const row of page.servers) cells.push(cellsOf(row, columns));
    }
    if (!more) break;
  }
  const sortBy = a.sort ? undefined : 1;
  if (a.json) return { servers };
  return { servers, table: keep ? formatList(servers, columnsFor(servers[0]), sortBy) : formatCells(columns ?? columnsFor(undefined), cells, sortBy) };
}

/**
 * list: python-novaclient's filters, columns, name sort and --limit -1 (all pages); the call step
 * builds the table page by page, so 10,000 servers are never all kept, and hands it on.
 */
const serverList: CommandHandler = {
  prints: "list",
  call: (ctx) => listServers(ctx),
  format: (_ctx, result) => (result as { table: string }).table,
};
export default serverList;
