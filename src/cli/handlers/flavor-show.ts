import { isNotFound } from "../../core/errors.js";
import type { CommandHandler } from "../context.js";
import { type Row, formatDict } from "../print.js";

/** flavor-show: the flavor without links; extra specs fetched when the reply lacks them (< 2.61). */
const flavorShow: CommandHandler = {
  prints: "properties",
  async format(ctx, result) {
    const info: Row = { ...(result as { flavor: Row }).flavor };
    delete info.links;
    if (!("extra_specs" in info)) {
      try {
        info.extra_specs = (await ctx.nova.flavorExtraSpecs.list({ flavor_id: String(info.id) })).extra_specs;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        info.extra_specs = "N/A";
      }
    }
    return formatDict(info, ctx.hint);
  },
};
export default flavorShow;
