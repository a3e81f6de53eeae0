import { compareVersions, parseVersion } from "../../core/version.js";
import type { CommandHandler } from "../context.js";
import { type Row, formatDict } from "../print.js";
import { networksOf } from "./server-format.js";

/** show: python-novaclient's _print_server (network rows, flavor and image by name). */
const serverShow: CommandHandler = {
  prints: "properties",
  format: async (ctx, result) => {
  const server = (result as { server: Row }).server;
  const minimal = Boolean(ctx.argv.minimal);
  const info: Row = { ...server };
  for (const [label, addrs] of networksOf(server)) info[`${label} network`] = addrs.join(", ");
  const flavor = (info.flavor ?? {}) as Row;
  if (compareVersions(ctx.version, parseVersion("2.47")) >= 0) {
    if (minimal) info.flavor = flavor.original_name;
    else {
      delete info.flavor;
      for (const [k, v] of Object.entries(flavor)) info[`flavor:${k}`] = v;
    }
  } else {
    const id = String(flavor.id ?? "");
    if (minimal) info.flavor = id;
    else {
      const name = await ctx.nova.flavors.find(id).then((f) => f.name, () => "Flavor not found");
      info.flavor = `${name} (${id})`;
    }
  }
  if (Array.isArray(info.security_groups)) {
    info.security_groups = [...new Set((info.security_groups as { name: string }[]).map((g) => g.name))].sort().join(", ");
  }
  const image = info.image as Row | string | undefined;
  if (image && typeof image === "object") {
    const id = String(image.id ?? "");
    if (minimal) info.image = id;
    else {
      const name = await ctx.nova.glance.name(id).catch(() => "Image not found");
      info.image = `${name} (${id})`;
    }
  } else {
    info.image = "Attempt to boot from volume - no image supplied";
  }
  delete info.links;
  delete info.addresses;
  delete info["OS-EXT-SRV-ATTR:user_data"];
  return formatDict(info, ctx.hint, Number(ctx.argv.wrap ?? 0));
  },
};
export default serverShow;
