import { NovaApiError } from "../../core/errors.js";
import type { CommandHandler } from "../context.js";
import { type Row, fieldColumn, formatList } from "../print.js";
import { comparePython } from "../table.js";

interface Zone {
  zoneName: string;
  zoneState: { available: boolean };
  hosts: Record<string, Record<string, { active: boolean; available: boolean; updated_at: string | null }>> | null;
}

/**
 * availability-zone-list: the detailed list (admins), or, when policy forbids it, the plain one
 * (python-novaclient's fallback, which re-raises the 403 if that fails too); printed as its
 * tree: each zone, its hosts by name ("|- host"), their services ("| |- service").
 */
const availabilityZoneList: CommandHandler = {
  prints: "list",
  async call(ctx) {
    try {
      return await ctx.call({});
    } catch (err) {
      if (!(err instanceof NovaApiError) || err.status !== 403) throw err;
      try {
        return await ctx.call({}, "listAvailabilityZones");
      } catch {
        throw err;
      }
    }
  },
  format(ctx, result) {
    const rows: Row[] = [];
    for (const zone of (result as { availabilityZoneInfo: Zone[] }).availabilityZoneInfo) {
      rows.push({ name: zone.zoneName, status: zone.zoneState.available ? "available" : "not available" });
      if (!zone.hosts) continue;
      for (const host of Object.keys(zone.hosts).sort(comparePython)) {
        rows.push({ name: `|- ${host}`, status: "" });
        for (const [service, state] of Object.entries(zone.hosts[host]!)) {
          rows.push({ name: `| |- ${service}`, status: `${state.active ? "enabled" : "disabled"} ${state.available ? ":-)" : "XXX"} ${state.updated_at ?? "None"}` });
        }
      }
    }
    return formatList(rows, [fieldColumn("Name", "name", ctx.hint), fieldColumn("Status", "status", ctx.hint)]);
  },
};
export default availabilityZoneList;
