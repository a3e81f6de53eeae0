import { readFileSync } from "node:fs";
import { isIPv4, isIPv6 } from "node:net";
import { NovaClientError } from "../../core/errors.js";
import { type ApiVersion, formatVersion, inRange } from "../../core/version.js";
import { intOrValueError } from "../coerce.js";
import type { CommandContext, CommandHandler, Input } from "../context.js";

type Words = Record<string, unknown>;
const list = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(String));
const error = (message: string) => new NovaClientError("CommandError", message);

/** python's open(path).read(), or python-novaclient's "Can't open" CommandError with the OSError's text. */
export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "[Errno 2] No such file or directory" : code === "EACCES" ? "[Errno 13] Permission denied" : code === "EISDIR" ? "[Errno 21] Is a directory" : String(err);
    throw error(`Can't open '${path}': ${why}: '${path}'`);
  }
}

/** transform_userdata: the text's UTF-8 bytes in base64. */
export const base64Text = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** _meta_parsing: key=value words into a dict; a word without '=' is python's ArgumentTypeError naming the whole list. */
export function metaParsing(words: unknown): Record<string, string> {
  const items = list(words);
  const out: Record<string, string> = {};
  for (const word of items) {
    const at = word.indexOf("=");
    if (at < 0) throw new NovaClientError("ArgumentTypeError", `'[${items.map((w) => `'${w}'`).join(", ")}]' is not in the format of 'key=value'`);
    out[word.slice(0, at)] = word.slice(at + 1);
  }
  return out;
}

/** --file dst=src (before 2.57): the files read, as personality entries sorted by path. */
export function personality(words: unknown): { path: string; contents: string }[] {
  const files: Record<string, string> = {};
  for (const f of list(words)) {
    const at = f.indexOf("=");
    if (at < 0) throw error(`Invalid file argument '${f}'. File arguments must be of the form '--file <dst-path=src-path>'`);
    files[f.slice(0, at)] = readText(f.slice(at + 1));
  }
  return Object.keys(files)
    .sort()
    .map((path) => ({ path, contents: base64Text(files[path]!) }));
}

/** OS_TRUSTED_IMAGE_CERTIFICATE_IDS as python-novaclient reads it: refused before 2.63. */
export function envCertificates(ctx: CommandContext): string[] | undefined {
  const env = ctx.io.env.OS_TRUSTED_IMAGE_CERTIFICATE_IDS;
  if (!env) return undefined;
  if (!inRange(ctx.version, "2.63")) throw new NovaClientError("UnsupportedAttribute", "'OS_TRUSTED_IMAGE_CERTIFICATE_IDS' argument is only allowed since microversion 2.63.");
  return env.split(",");
}

const BDM2_KEYS: Record<string, string> = {
  id: "uuid",
  source: "source_type",
  dest: "destination_type",
  bus: "disk_bus",
  device: "device_name",
  size: "volume_size",
  format: "guest_format",
  bootindex: "boot_index",
  type: "device_type",
  shutdown: "delete_on_termination",
  tag: "tag",
  volume_type: "volume_type",
};

/** _parse_device_spec: "k=v,k=v" into a dict. */
function deviceSpec(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(",")) {
    if (!part.includes("=")) throw new NovaClientError("ArgumentTypeError", `Expected a comma-separated list of key=value pairs. '${part}' is not a key=value pair.`);
    const pieces = part.split("=");
    if (pieces.length !== 2) throw new NovaClientError("ValueError", `dictionary update sequence element #0 has length ${pieces.length}; 2 is required`);
    out[pieces[0]!] = pieces[1]!;
  }
  return out;
}

/** _parse_block_device_mapping_v2: --boot-volume, --snapshot, --block-device, --ephemeral, --swap. */
function blockDevicesV2(a: Words, version: ApiVersion): Record<string, unknown>[] {
  const bdm: Record<string, unknown>[] = [];
  const v = formatVersion(version);
  if (a["boot-volume"]) bdm.push({ uuid: a["boot-volume"], source_type: "volume", destination_type: "volume", boot_index: 0, delete_on_termination: false });
  if (a.snapshot) bdm.push({ uuid: a.snapshot, source_type: "snapshot", destination_type: "volume", boot_index: 0, delete_on_termination: false });
  const tagsOk = v === "2.32" || inRange(version, "2.42");
  for (const spec of list(a["block-device"])) {
    const given = deviceSpec(spec);
    if ("tag" in given && !tagsOk) throw error(`'tag' in block device mapping is not supported in API version ${v}.`);
    if ("volume_type" in given && !inRange(version, "2.67")) throw error(`'volume_type' in block device mapping is not supported in API version ${v}.`);
    const d: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(given)) {
      const mapped = BDM2_KEYS[key];
      if (!mapped) throw new NovaClientError("KeyError", `'${key}'`);
      d[mapped] = value;
    }
    const source = d.source_type as string | undefined;
    if (!source) d.source_type = "blank";
    else if (!["volume", "image", "snapshot", "blank"].includes(source)) {
      throw error(`The value of source_type key of --block-device should be one of 'volume', 'image', 'snapshot' or 'blank' but it was '${source}'`);
    }
    const dest = d.destination_type as string | undefined;
    if (!dest) {
      if (d.source_type === "image" || d.source_type === "blank") d.destination_type = "local";
      if (d.source_type === "snapshot" || d.source_type === "volume") d.destination_type = "volume";
    } else if (dest !== "local" && dest !== "volume") {
      throw error(`The value of destination_type key of --block-device should be either 'local' or 'volume' but it was '${dest}'`);
    }
    if ("delete_on_termination" in d) {
      const action = d.delete_on_termination;
      if (action !== "remove" && action !== "preserve") throw error(`The value of shutdown key of --block-device shall be either 'remove' or 'preserve' but it was '${String(action)}'`);
      d.delete_on_termination = action === "remove";
    } else if (d.destination_type === "local") d.delete_on_termination = true;
    bdm.push(d);
  }
  for (const spec of list(a.ephemeral)) {
    const d: Record<string, unknown> = { source_type: "blank", destination_type: "local", boot_index: -1, delete_on_termination: true };
    const eph = deviceSpec(spec);
    if ("size" in eph) d.volume_size = eph.size;
    if ("format" in eph) d.guest_format = eph.format;
    bdm.push(d);
  }
  if (a.swap) bdm.push({ source_type: "blank", destination_type: "local", boot_index: -1, delete_on_termination: true, guest_format: "swap", volume_size: a.swap });
  return bdm;
}

/** The legacy --block-device-mapping dev=id:type:size:delete (python-novaclient's _parse_block_device_mapping). */
function legacyBlockDevices(words: unknown): Record<string, unknown>[] {
  const mappings = new Map<string, string>();
  for (const word of list(words)) {
    const at = word.indexOf("=");
    if (at < 0) throw new NovaClientError("ValueError", "not enough values to unpack (expected 2, got 1)");
    mappings.set(word.slice(0, at), word.slice(at + 1));
  }
  return [...mappings].map(([device_name, mapping]) => {
    const parts = mapping.split(":");
    const d: Record<string, unknown> = { device_name };
    if (parts.length > 1 && parts[1]!.startsWith("snap")) d.snapshot_id = parts[0];
    else d.volume_id = parts[0];
    if (parts.length > 2 && parts[2]) d.volume_size = String(intOrValueError(parts[2]));
    if (parts.length > 3) d.delete_on_termination = parts[3];
    return d;
  });
}

/** _parse_nics, then the networks body _boot makes of it; net-name= is looked up in Neutron. */
async function networks(ctx: CommandContext, words: unknown): Promise<string | Record<string, string>[] | undefined> {
  const version = ctx.version;
  const auto = inRange(version, "2.37");
  const tags = inRange(version, "2.32", "2.36") || inRange(version, "2.42");
  const keys = new Set(["net-id", "v4-fixed-ip", "v6-fixed-ip", "port-id", "net-name", ...(auto && tags ? ["tag"] : !auto && tags ? ["tag"] : [])]);
  const form = `${auto ? "auto,none," : ""}net-id=net-uuid,net-name=network-name,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,port-id=port-uuid${tags ? ",tag=tag" : ""}`;
  const invalid = (nic: string) =>
    error(`Invalid nic argument '${nic}'. Nic arguments must be of the form --nic <${form}>, with only one of net-id, net-name or port-id specified.${auto ? " Specifying a --nic of auto or none cannot be used with any other --nic value." : ""}`);
  const alone = () => error("'auto' or 'none' cannot be used with any other nic arguments");
  let autoOrNone = false;
  const nics: (string | Record<string, string>)[] = [];
  let last = "";
  for (const nic of list(words)) {
    last = nic;
    const info: Record<string, string> = {};
    let infoSet = false;
    for (const kv of nic.split(",")) {
      if (autoOrNone) throw alone();
      if (kv === "auto" || kv === "none") {
        if (!auto) throw invalid(nic);
        if (infoSet) throw alone();
        nics.push(kv);
        autoOrNone = true;
        continue;
      }
      const at = kv.indexOf("=");
      if (at < 0) throw invalid(nic);
      let key = kv.slice(0, at);
      let value = kv.slice(at + 1);
      if (!keys.has(key)) throw invalid(nic);
      if (key === "net-name") {
        key = "net-id";
        value = (await ctx.nova.neutron.findNetwork(value)).id;
      }
      if (key in info) throw invalid(nic);
      info[key] = value;
      infoSet = true;
    }
    if (autoOrNone) continue;
    if ("v4-fixed-ip" in info && !isIPv4(info["v4-fixed-ip"]!)) throw error("Invalid ipv4 address.");
    if ("v6-fixed-ip" in info && !isIPv6(info["v6-fixed-ip"]!)) throw error("Invalid ipv6 address.");
    if (Boolean(info["net-id"]) === Boolean(info["port-id"])) throw invalid(nic);
    nics.push(info);
  }
  if (nics.length === 0) return auto ? "auto" : undefined;
  if (autoOrNone) {
    if (nics.length > 1) throw invalid(last);
    return nics[0] as string;
  }
  return (nics as Record<string, string>[]).map((n) => {
    const net: Record<string, string> = {};
    if (n["net-id"]) net.uuid = n["net-id"];
    if (n["v4-fixed-ip"] && n["v6-fixed-ip"]) throw error("Only one of 'v4-fixed-ip' and 'v6-fixed-ip' may be provided.");
    if (n["v4-fixed-ip"]) net.fixed_ip = n["v4-fixed-ip"];
    else if (n["v6-fixed-ip"]) net.fixed_ip = n["v6-fixed-ip"];
    if (n["port-id"]) net.port = n["port-id"];
    if (n.tag) net.tag = n.tag;
    return net;
  });
}

/** --image-with k=v: the Glance images whose fields include every pair (_match_image), first one used. */
async function imageWith(ctx: CommandContext, words: unknown): Promise<string> {
  const wanted = list(words).map((w) => {
    const at = w.indexOf("=");
    if (at < 0) throw new NovaClientError("ArgumentTypeError", `'${w}' is not in the format of 'key=value'`);
    return [w.slice(0, at), w.slice(at + 1)] as const;
  });
  const matched = (await ctx.nova.glance.list()).filter((image) => wanted.every(([k, v]) => image[k] === v));
  if (matched.length === 0) throw error("No images match the property expected by --image-with");
  if (matched.length > 1) {
    const ids = matched.map((i) => `'${String(i.id)}'`);
    ctx.io.err(`WARNING: Multiple matching images: [${ids.join(", ")}]\nUsing image: ${String(matched[0]!.id)}`);
  }
  return String(matched[0]!.id);
}

/**
 * boot: python-novaclient's _boot and servers.create, step for step (the same checks, lookups
 * and requests in the same order), into the POST /servers body.
 */
const serverBoot: CommandHandler = {
  async input(ctx): Promise<Input> {
    const a = ctx.argv;
    const v = ctx.version;
    if (!a.flavor) throw error("you need to specify a Flavor ID.");
    let image = a.image ? (await ctx.nova.glance.find(String(a.image))).id : undefined;
    if (!image && list(a["image-with"]).length) image = await imageWith(ctx, a["image-with"]);
    const minGiven = a["min-count"] as number | undefined;
    const maxGiven = a["max-count"] as number | undefined;
    if (minGiven !== undefined && minGiven < 1) throw error("min_count should be >= 1");
    if (maxGiven !== undefined && maxGiven < 1) throw error("max_count should be >= 1");
    if (minGiven !== undefined && maxGiven !== undefined && minGiven > maxGiven) throw error("min_count should be <= max_count");
    const minCount = minGiven ?? 1;
    const maxCount = maxGiven ?? minCount;
    const flavor = await ctx.nova.flavors.find(String(a.flavor));
    const meta = metaParsing(a.meta);
    const files = inRange(v, "2.1", "2.56") ? personality(a.file) : [];
    const userData = a["user-data"] ? readText(String(a["user-data"])) : undefined;
    const legacy = legacyBlockDevices(a["block-device-mapping"]);
    const bdm = blockDevicesV2(a, v);
    const sources = [image, a["boot-volume"], a.snapshot].filter(Boolean).length;
    if (sources > 1 || (sources === 0 && !bdm.length && !legacy.length)) {
      throw error("you need to specify at least one source ID (Image, Snapshot, or Volume), a block device mapping or provide a set of properties to match against an image");
    }
    if (legacy.length && bdm.length) throw error("you can't mix old block devices (--block-device-mapping) with the new ones (--block-device, --boot-volume, --snapshot, --ephemeral, --swap)");
    const nets = await networks(ctx, a.nic);
    const hints: Record<string, string | string[]> = {};
    for (const word of list(a.hint)) {
      const at = word.indexOf("=");
      if (at < 0) throw new NovaClientError("ArgumentTypeError", `'${word}' is not in the format of 'key=value'`);
      const [key, value] = [word.slice(0, at), word.slice(at + 1)];
      // Repeated hints make a list, as python-novaclient's do.
      const had = hints[key];
      hints[key] = had === undefined ? value : [had, value].flat();
    }
    const drive = String(a["config-drive"] ?? false).toLowerCase();
    if (!["true", "1", "false", "0", "", "none"].includes(drive)) throw error("The value of the '--config-drive' option must be a boolean value.");
    const certs = list(a["trusted-image-certificate-id"]);
    const trusted = certs.length ? certs : envCertificates(ctx);

    const server: Record<string, unknown> = { name: String(a.name), imageRef: image ?? "", flavorRef: String(flavor.id) };
    if (userData) server.user_data = base64Text(userData);
    if (Object.keys(meta).length) server.metadata = meta;
    if (a["return-reservation-id"]) server.return_reservation_id = true;
    if (a["key-name"]) server.key_name = a["key-name"];
    if (drive === "true" || drive === "1") server.config_drive = true;
    if (a["admin-pass"]) server.adminPass = a["admin-pass"];
    server.min_count = Math.min(minCount, maxCount);
    server.max_count = maxCount;
    if (a["security-groups"]) server.security_groups = String(a["security-groups"]).split(",").map((name) => ({ name }));
    if (files.length) server.personality = files;
    if (a["availability-zone"]) server.availability_zone = a["availability-zone"];
    if (legacy.length) server.block_device_mapping = legacy;
    else if (bdm.length) {
      if (image) bdm.unshift({ uuid: image, source_type: "image", destination_type: "local", boot_index: 0, delete_on_termination: true });
      server.block_device_mapping_v2 = bdm;
    }
    if (nets !== undefined) server.networks = nets;
    if (a["access-ip-v4"] !== undefined) server.accessIPv4 = a["access-ip-v4"];
    if (a["access-ip-v6"] !== undefined) server.accessIPv6 = a["access-ip-v6"];
    if (a.description) server.description = a.description;
    if (a.tags) server.tags = String(a.tags).split(",");
    if (trusted?.length) server.trusted_image_certificates = trusted;
    if (a.host) server.host = a.host;
    if (a["hypervisor-hostname"]) server.hypervisor_hostname = a["hypervisor-hostname"];
    if (a.hostname) server.hostname = a.hostname;
    return { body: { server, ...(Object.keys(hints).length ? { "os:scheduler_hints": hints } : {}) } };
  },
};
export default serverBoot;
