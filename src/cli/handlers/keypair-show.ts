import type { CommandHandler } from "../context.js";
import { printsTable } from "../formats.js";
import { type Row, formatDict } from "../print.js";

/**
 * keypair-show: python-novaclient's _print_keypair, the key pair without its public key, then
 * that key on a line of its own; another format (-f) has the key among the properties.
 */
const keypairShow: CommandHandler = {
  prints: "properties",
  format(ctx, result) {
    const keypair = (result as { keypair: Row }).keypair;
    if (!printsTable()) return formatDict(keypair, ctx.hint);
    const { public_key: key, ...rest } = keypair;
    return `${formatDict(rest, ctx.hint)}\nPublic key: ${String(key)}`;
  },
};
export default keypairShow;
