import { NovaClientError } from "../../core/errors.js";
import { pyInt } from "../coerce.js";
import type { CommandHandler } from "../context.js";
import type { Row } from "../print.js";
import { flavorTable } from "./flavor-list.js";

/** python's int()/float() of a value, or python-novaclient's message for that field. */
function convert(value: unknown, kind: "int" | "float", message: string): number {
  const s = String(value).trim();
  const n = kind === "int" ? pyInt(s) : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : undefined;
  if (n === undefined) throw new NovaClientError("CommandError", message);
  return n;
}

/** flavor-create: python-novaclient's checks and body, then the new flavor as a one-row table. */
const flavorCreate: CommandHandler = {
  input(ctx) {
    const a = ctx.argv;
    const present = new Set(ctx.args().map((x) => x.name));
    const flavor: Record<string, unknown> = {
      name: String(a.name),
      ram: convert(a.ram, "int", "Ram must be an integer."),
      vcpus: convert(a.vcpus, "int", "VCPUs must be an integer."),
      disk: convert(a.disk, "int", "Disk must be an integer."),
      id: a.id === "auto" ? null : String(a.id),
      swap: convert(a.swap ?? 0, "int", "Swap must be an integer."),
      "OS-FLV-EXT-DATA:ephemeral": convert(a.ephemeral ?? 0, "int", "Ephemeral must be an integer."),
    };
    if (present.has("rxtx-factor")) flavor.rxtx_factor = convert(a["rxtx-factor"] ?? 1.0, "float", "rxtx_factor must be a float.");
    flavor["os-flavor-access:is_public"] = a["is-public"] ?? true;
    if (present.has("description") && a.description) flavor.description = String(a.description);
    return { body: { flavor } };
  },
  format: (ctx, result) => flavorTable(ctx, [(result as { flavor: Row }).flavor], false),
};
export default flavorCreate;
