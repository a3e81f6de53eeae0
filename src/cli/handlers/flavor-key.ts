import { NovaClientError } from "../../core/errors.js";
import type { CommandHandler } from "../context.js";

const KEY = /^[\p{L}\p{N}_.\- :]+$/u;

/** flavor-key <flavor> set|unset key=value...: one POST for set, one DELETE per key for unset. */
const flavorKey: CommandHandler = {
  async call(ctx, input) {
    const flavor_id = String(input.flavor_id);
    const specs = (input.body as { extra_specs: Record<string, string | null> }).extra_specs;
    if (ctx.argv.action === "set") {
      for (const key of Object.keys(specs)) {
        if (!KEY.test(key)) {
          throw new NovaClientError("CommandError", `Invalid key: "${key}". Keys may only contain letters, numbers, spaces, underscores, periods, colons and hyphens.`);
        }
      }
      return ctx.nova.flavorExtraSpecs.set({ flavor_id, body: { extra_specs: specs as Record<string, string> } });
    }
    for (const key of Object.keys(specs)) await ctx.nova.flavorExtraSpecs.delete({ flavor_id, flavor_extra_spec_key: key });
    return null;
  },
};
export default flavorKey;
