import type { CommandHandler } from "../context.js";

/**
 * meta <server> set|delete <key=value>...: set is the declared POST; delete is one DELETE per
 * key, in reverse order of the keys, as python-novaclient's delete_meta sends them.
 */
const serverMeta: CommandHandler = {
  async call(ctx, input) {
    if (ctx.argv.action === "set") return ctx.call(input);
    const keys = Object.keys((input.body as { metadata: Record<string, unknown> }).metadata).sort().reverse();
    for (const key of keys) await ctx.call({ server_id: input.server_id, key }, "deleteServerMetadataItem");
    return undefined;
  },
};
export default serverMeta;
