import { microversions } from "../../../generated/operations.js";
import type { CommandHandler } from "../context.js";

/** version-list: the client's range above the server's versions table. */
const versionList: CommandHandler = {
  format: (ctx, result) =>
    ["Client supported API versions:", `Minimum version ${microversions.min}`, `Maximum version ${microversions.max}`, "", "Server supported API versions:", ctx.render(result)].join("\n"),
};
export default versionList;
