import { NovaApiError, NovaClientError } from "../../core/errors.js";
import type { CommandContext, CommandHandler, Input } from "../context.js";
import { type Row, fieldColumn, formatList } from "../print.js";
import { hypervisorsWithServers } from "./hypervisor-servers.js";

/** python-novaclient's _hyper_servers: the servers on the hypervisors matching `host` (with --strict, the one so named). */
async function hyperServers(ctx: CommandContext, host: string, strict: boolean): Promise<string[]> {
  const uuids: string[] = [];
  for (const hyper of await hypervisorsWithServers(ctx, host)) {
    if (strict && hyper.hypervisor_hostname !== host) continue;
    uuids.push(...(hyper.servers ?? []).map((s) => s.uuid));
    if (strict) return uuids;
  }
  // python raises exceptions.NotFound(404, msg) itself: no request id.
  if (strict) throw new NovaApiError(404, `No hypervisor matching '${host}' could be found.`, undefined, undefined, "GET", "");
  return uuids;
}

/** The result table of each command acting on every server: its "accepted" header and error prefix. */
const TABLES: Record<string, { accepted: string; error: string }> = {
  "host-evacuate": { accepted: "Evacuate Accepted", error: "Error while evacuating instance: " },
  "host-evacuate-live": { accepted: "Live Migration Accepted", error: "Error while live migrating instance: " },
  "host-servers-migrate": { accepted: "Migration Accepted", error: "Error while migrating instance: " },
};

/**
 * host-evacuate, host-evacuate-live, host-servers-migrate, host-meta: the declared operation
 * once per server on the host's hypervisors (found by hypervisor-servers' search). A failure is
 * a row of the table (host-meta: the error, as python-novaclient lets it through); host-meta
 * delete removes each key with a request of its own.
 */
const hostServers: CommandHandler = {
  prints: "list",
  async call(ctx, input) {
    const rows: Row[] = [];
    const table = TABLES[ctx.spec.name];
    const max = ctx.argv["max-servers"] as number | undefined;
    for (const uuid of await hyperServers(ctx, String(ctx.argv.host), Boolean(ctx.argv.strict))) {
      if (!table) {
        await meta(ctx, uuid, input);
        continue;
      }
      try {
        await ctx.call({ ...input, server_id: uuid });
        rows.push({ server_uuid: uuid, accepted: true, error_message: "" });
      } catch (err) {
        if (!(err instanceof NovaClientError)) throw err;
        rows.push({ server_uuid: uuid, accepted: false, error_message: table.error + (err instanceof NovaApiError ? err.toString() : err.message) });
      }
      if (max !== undefined && rows.length >= max) break;
    }
    return rows;
  },
  format(ctx, result) {
    const table = TABLES[ctx.spec.name];
    if (!table) return undefined;
    const columns = [fieldColumn("Server UUID", "server_uuid", ctx.hint), fieldColumn(table.accepted, "accepted", ctx.hint), fieldColumn("Error Message", "error_message", ctx.hint)];
    return formatList(result as Row[], columns);
  },
};
export default hostServers;

/** host-meta on one server: set the metadata, or delete its keys one request each. */
async function meta(ctx: CommandContext, uuid: string, input: Input): Promise<void> {
  const metadata = (input.body as { metadata: Record<string, unknown> }).metadata;
  if (ctx.argv.action !== "delete") {
    await ctx.call({ ...input, server_id: uuid });
    return;
  }
  for (const key of Object.keys(metadata)) await ctx.call({ server_id: uuid, key }, "deleteServerMetadataItem");
}
