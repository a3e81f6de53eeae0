import type { CommandHandler } from "../context.js";
import { columnsChosen, printsTable } from "../formats.js";
import { type Row, fieldColumn, formatList } from "../print.js";

/** python-novaclient's _print_absolute_limits: each limit's row name and whether it is a maximum or a use. */
const ABSOLUTE: Record<string, [string, "max" | "used"]> = {
  maxServerMeta: ["Server Meta", "max"],
  maxPersonality: ["Personality", "max"],
  maxPersonalitySize: ["Personality Size", "max"],
  maxImageMeta: ["ImageMeta", "max"],
  maxTotalKeypairs: ["Keypairs", "max"],
  totalCoresUsed: ["Cores", "used"],
  maxTotalCores: ["Cores", "max"],
  totalRAMUsed: ["RAM", "used"],
  maxTotalRAMSize: ["RAM", "max"],
  totalInstancesUsed: ["Instances", "used"],
  maxTotalInstances: ["Instances", "max"],
  totalFloatingIpsUsed: ["FloatingIps", "used"],
  maxTotalFloatingIps: ["FloatingIps", "max"],
  totalSecurityGroupsUsed: ["SecurityGroups", "used"],
  maxSecurityGroups: ["SecurityGroups", "max"],
  maxSecurityGroupRules: ["SecurityGroupRules", "max"],
  maxServerGroups: ["ServerGroups", "max"],
  totalServerGroupsUsed: ["ServerGroups", "used"],
  maxServerGroupMembers: ["ServerGroupMembers", "max"],
};

interface RateGroup {
  uri: string;
  limit: { verb: string; value: number; remaining: number; unit: string; "next-available": string }[];
}

/**
 * limits: two tables, as python-novaclient prints them: the rate limits (one row per verb of
 * each URI), then the absolute ones folded into Name | Used | Max rows (| Other for unknown
 * names), sorted by name. Another format (-f), or columns (-c), are for one list: the absolute
 * limits, as Nova's v2.1 API has no rate limits (its `rate` is always empty).
 */
const limits: CommandHandler = {
  prints: "list",
  format(ctx, result) {
    const { rate, absolute } = (result as { limits: { rate: RateGroup[]; absolute: Record<string, number> } }).limits;
    const rows = new Map<string, Row>();
    let other = false;
    for (const [key, value] of Object.entries(absolute)) {
      const [name, kind] = ABSOLUTE[key] ?? [key, "other"];
      if (kind === "other") other = true;
      const row = rows.get(name) ?? { name, used: "-", max: "-", other: "-" };
      row[kind] = value;
      rows.set(name, row);
    }
    const headers = ["Name", "Used", "Max", ...(other ? ["Other"] : [])];
    const absoluteRows = [...rows.values()].sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
    const absoluteTable = formatList(absoluteRows, headers.map((h) => fieldColumn(h, h.toLowerCase(), ctx.hint)));
    if (!printsTable() || columnsChosen()) return absoluteTable;
    const rates = rate.flatMap((g) => g.limit.map((r) => ({ verb: r.verb, uri: g.uri, value: r.value, remain: r.remaining, unit: r.unit, next_available: r["next-available"] })));
    const rateTable = formatList(
      rates,
      ["Verb", "URI", "Value", "Remain", "Unit", "Next_Available"].map((h) => fieldColumn(h, h.toLowerCase(), ctx.hint)),
    );
    return `${rateTable}\n${absoluteTable}`;
  },
};
export default limits;
