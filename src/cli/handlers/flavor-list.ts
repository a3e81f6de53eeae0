import { NovaClientError, isNotFound } from "../../core/errors.js";
import { compareVersions, parseVersion } from "../../core/version.js";
import type { CommandContext, CommandHandler, Input } from "../context.js";
import { type Column, type Row, formatList } from "../print.js";
import { declaredColumns } from "../output.js";
import { pyRepr } from "../../text/python.js";
import { intOrValueError } from "../coerce.js";


/** The flavor table of python-novaclient, with the extra_specs column when asked for. */
export async function flavorTable(ctx: CommandContext, flavors: Row[], withExtraSpecs: boolean): Promise<string> {
  const version = ctx.version;
  const columns = declaredColumns(ctx.spec.output!, version, ctx.hint);
  if (withExtraSpecs) {
    const embedded = compareVersions(version, parseVersion("2.61")) >= 0;
    const specs = new Map<Row, string>();
    for (const f of flavors) {
      if (embedded) {
        specs.set(f, "extra_specs" in f ? pyRepr(f.extra_specs, ctx.hint) : "");
        continue;
      }
      try {
        specs.set(f, pyRepr((await ctx.nova.flavorExtraSpecs.list({ flavor_id: String(f.id) })).extra_specs, ctx.hint));
      } catch (err) {
        if (!isNotFound(err)) throw err;
        specs.set(f, "N/A");
      }
    }
    const at = columns.findIndex((c) => c.header === "Description");
    const column: Column = { header: "extra_specs", text: (r) => specs.get(r) ?? "" };
    columns.splice(at < 0 ? columns.length : at, 0, column);
  }
  return formatList(flavors, columns);
}

/**
 * flavor-list: --all lists public and private flavors (and, as in python-novaclient, ignores
 * --marker and --limit); zero and empty filters are not sent.
 */
const flavorList: CommandHandler = {
  input(ctx) {
    const a = ctx.argv;
    const query: Input = {};
    if (a.marker && !a.all) query.marker = String(a.marker);
    if (a["min-disk"]) query.minDisk = intOrValueError(a["min-disk"]);
    if (a["min-ram"]) query.minRam = intOrValueError(a["min-ram"]);
    if (a.limit && !a.all) query.limit = a.limit;
    if (a["sort-key"]) query.sort_key = String(a["sort-key"]);
    if (a["sort-dir"]) query.sort_dir = String(a["sort-dir"]);
    if (a.all) query.is_public = "None";
    return query;
  },
  format: (ctx, result) => flavorTable(ctx, (result as { flavors: Row[] }).flavors, Boolean(ctx.argv["extra-specs"])),
};
export default flavorList;
