import { NovaClientError } from "../../core/errors.js";
import type { CommandHandler } from "../context.js";

/** flavor-access-list --flavor <flavor>: refuses public flavors before asking, as python-novaclient does. */
const flavorAccessList: CommandHandler = {
  async input(ctx) {
    if (!ctx.argv.flavor) throw new NovaClientError("CommandError", "Unable to get all access lists. Specify --flavor");
    const flavor = await ctx.nova.flavors.find(String(ctx.argv.flavor));
    const isPublic = (flavor as Record<string, unknown>)["os-flavor-access:is_public"];
    if (isPublic === undefined || isPublic) throw new NovaClientError("CommandError", "Access list not available for public flavors.");
    return { flavor_id: flavor.id };
  },
};
export default flavorAccessList;
