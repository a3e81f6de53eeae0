import { NovaApiError, NovaClientError } from "../../core/errors.js";
import { pyReprBytes } from "../../text/python.js";
import type { CommandHandler } from "../context.js";

/**
 * delete <server>...: each in turn; a failure does not stop the others, but the exit status is 1.
 * python-novaclient prints each failure as print(encodeutils.safe_encode(str(e))), a bytes
 * literal (b"..."); scripts written against it see exactly that, so it is printed the same way.
 */
const serverDelete: CommandHandler = async (ctx) => {
  const all = ctx.argv["all-tenants"] ? { all_tenants: "1" } : {};
  let failed = false;
  for (const name of (ctx.argv.server as unknown[]).map(String)) {
    try {
      const server = await ctx.nova.servers.find(name, all);
      await ctx.nova.servers.delete({ server_id: server.id });
      ctx.io.out(`Request to delete server ${name} has been accepted.`);
    } catch (err) {
      if (!(err instanceof NovaClientError)) throw err;
      failed = true;
      ctx.io.out(pyReprBytes(err instanceof NovaApiError ? err.toString() : err.message));
    }
  }
  if (failed) throw new NovaClientError("CommandError", "Unable to delete the specified server(s).");
};
export default serverDelete;
