import { microversions } from "../../../generated/operations.js";
import { parseVersion } from "../../core/version.js";
import type { CommandHandler } from "../context.js";
import { renderOutput } from "../output.js";

/** version-list: the client's range, then the server's versions table. */
const versionList: CommandHandler = async (ctx) => {
  const result = await ctx.call({});
  ctx.emit(result, () =>
    [
      "Client supported API versions:",
      `Minimum version ${microversions.min}`,
      `Maximum version ${microversions.max}`,
      "",
      "Server supported API versions:",
      renderOutput(ctx.spec.output, result, parseVersion(ctx.nova.microversion), ctx.hint),
    ].join("\n"),
  );
};
export default versionList;
