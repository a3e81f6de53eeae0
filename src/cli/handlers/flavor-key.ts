import { NovaClientError } from "../../core/errors.js";
import type { CommandHandler } from "../context.js";

const KEY = /^[\p{L}\p{N}_.\- :]+$/u;

/** flavor-key <flavor> set|unset key=value...: one POST for set, one DELETE per key for unset. */
const flavorKey: CommandHandler = async (ctx) => {
  const flavor = await ctx.nova.flavors.find(String(ctx.argv.flavor));
  const specs = new Map<string, string | null>();
  for (const item of (ctx.argv.metadata as unknown[]).map(String)) {
    const at = item.indexOf("=");
    specs.set(at < 0 ? item : item.slice(0, at), at < 0 ? null : item.slice(at + 1));
  }
  if (ctx.argv.action === "set") {
    for (const key of specs.keys()) {
      if (!KEY.test(key)) {
        throw new NovaClientError("CommandError", `Invalid key: "${key}". Keys may only contain letters, numbers, spaces, underscores, periods, colons and hyphens.`);
      }
    }
    const result = await ctx.nova.flavorExtraSpecs.set({ flavor_id: flavor.id, body: { extra_specs: Object.fromEntries(specs) as Record<string, string> } });
    ctx.emit(result, () => undefined);
    return;
  }
  for (const key of specs.keys()) await ctx.nova.flavorExtraSpecs.delete({ flavor_id: flavor.id, flavor_extra_spec_key: key });
  ctx.emit(null, () => undefined);
};
export default flavorKey;
