import { microversions } from "../../../generated/operations.js";
import type { CommandHandler } from "../context.js";
import { printsTable } from "../formats.js";

/** version-list: the client's range above the server's versions table (which alone is data for -f). */
const versionList: CommandHandler = {
  format: (ctx, result) =>
    printsTable()
      ? ["Client supported API versions:", `Minimum version ${microversions.min}`, `Maximum version ${microversions.max}`, "", "Server supported API versions:", ctx.render(result)].join("\n")
      : ctx.render(result),
};
export default versionList;
