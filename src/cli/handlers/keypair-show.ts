import type { CommandHandler } from "../context.js";
import { type Row, formatDict } from "../print.js";

/** keypair-show: python-novaclient's _print_keypair, the key pair without its public key, then that key on a line of its own. */
const keypairShow: CommandHandler = {
  format(ctx, result) {
    const { public_key: key, ...rest } = (result as { keypair: Row }).keypair;
    return `${formatDict(rest, ctx.hint)}\nPublic key: ${String(key)}`;
  },
};
export default keypairShow;
