import { commands } from "../../../generated/commands.js";
import { inRange } from "../../core/version.js";
import type { CommandContext, CommandHandler } from "../context.js";
import { buildInput } from "../input.js";
import { type Row, fieldColumn, formatList } from "../print.js";

/** A hypervisor found by hypervisors.search(pattern, servers=True); `servers` absent when it has none (before 2.75). */
export interface HypervisorWithServers extends Row {
  id: string | number;
  hypervisor_hostname: string;
  servers?: { name: string; uuid: string }[];
}

/**
 * python-novaclient's hypervisors.search(pattern, servers=True), as hypervisor-servers declares
 * it for the session's microversion (the servers route, or the list with with_servers); the
 * host-* commands search through it too.
 */
export async function hypervisorsWithServers(ctx: CommandContext, pattern: string): Promise<HypervisorWithServers[]> {
  const search = commands.find((c) => c.name === "hypervisor-servers" && inRange(ctx.version, c.min, c.max))!;
  const input = await buildInput(search, { hostname: pattern }, ctx.nova, ctx.version);
  return ((await ctx.call(input, search.operation)) as { hypervisors: HypervisorWithServers[] }).hypervisors;
}

/** hypervisor-servers: one row per server, with its hypervisor's id and host name beside it. */
const hypervisorServers: CommandHandler = {
  prints: "list",
  format(ctx, result) {
    const rows: Row[] = [];
    for (const h of (result as { hypervisors: HypervisorWithServers[] }).hypervisors) {
      for (const s of h.servers ?? []) rows.push({ id: s.uuid, name: s.name, hypervisor_id: h.id, hypervisor_hostname: h.hypervisor_hostname });
    }
    const columns = [fieldColumn("ID", "id", ctx.hint), fieldColumn("Name", "name", ctx.hint), fieldColumn("Hypervisor ID", "hypervisor_id", ctx.hint), fieldColumn("Hypervisor Hostname", "hypervisor_hostname", ctx.hint)];
    return formatList(rows, columns);
  },
};
export default hypervisorServers;
