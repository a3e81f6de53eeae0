import { randomUUID } from "node:crypto";
import { type Handlers, type RequestContext, ok } from "../context.js";
import { badRequest, conflict, forbidden } from "../faults.js";
import { type FlavorRecord, type ServerRecord, areaState } from "../state.js";
import { POWER, atLeast, checkLock, isoMicro, isoZ, links, password, quotaExceeded, recordAction, setState } from "./common.js";
import { checkMetadataQuota, checkServerQuota, limitsOf, roomFor } from "./quotas.js";
import { getServer, hostnameOf, serverView } from "./servers.js";
import { pickHost, zonesByAvailability } from "./compute.js";
import { DEFAULT_ZONE, NETWORKS, type ServerGroupRecord, addressInUse, attachmentStore, computeStore, keypairStore, newPort, portOwner, serverGroupStore, syncAddresses, zoneOf } from "./stores.js";

type Hints = Record<string, string | string[]>;

interface CreateBody {
  name: string;
  description?: string | null;
  imageRef?: string;
  flavorRef: string | number;
  adminPass?: string;
  metadata?: Record<string, string>;
  networks?: "none" | "auto" | { uuid?: string; port?: string | null; fixed_ip?: string; tag?: string }[];
  "OS-DCF:diskConfig"?: "AUTO" | "MANUAL";
  accessIPv4?: string;
  accessIPv6?: string;
  availability_zone?: string;
  block_device_mapping_v2?: { source_type?: string; destination_type?: string; uuid?: string; boot_index?: number | string | null; delete_on_termination?: boolean | string; tag?: string }[];
  block_device_mapping?: { volume_id?: string; device_name?: string; delete_on_termination?: boolean | string }[];
  config_drive?: boolean | string;
  key_name?: string;
  min_count?: number | string;
  max_count?: number | string;
  return_reservation_id?: boolean | string;
  security_groups?: { name?: string }[];
  user_data?: string;
  tags?: string[];
  trusted_image_certificates?: string[] | null;
  host?: string;
  hypervisor_hostname?: string;
  hostname?: string;
}

const TRUE = new Set(["true", "1", "on", "yes"]);
const truthy = (v: unknown) => v === true || (typeof v === "string" && TRUE.has(v.toLowerCase()));

/** A flavor from flavorRef: its id, or a link whose last segment is the id (400 when unknown, as Nova answers on create). */
function flavorFrom(ctx: RequestContext, ref: string | number): FlavorRecord {
  const id = String(ref).split("/").pop()!;
  const f = ctx.state.flavors.get(id);
  if (!f || (!f.is_public && !ctx.isAdmin && !f.access.includes(ctx.user.project.id))) throw badRequest(`Flavor ${id} could not be found.`);
  if (f.disabled) throw badRequest("Flavor is disabled.");
  return f;
}

/** The boot volume of a boot-from-volume request, if any. */
function bootVolume(body: CreateBody): string | undefined {
  const v2 = body.block_device_mapping_v2?.find((b) => String(b.boot_index ?? "") === "0" && b.destination_type === "volume");
  if (v2) return v2.uuid ?? randomUUID();
  return body.block_device_mapping?.find((b) => b.device_name === "vda" || b.device_name === "/dev/vda")?.volume_id;
}

function groupFrom(ctx: RequestContext, hints: Hints): ServerGroupRecord | undefined {
  const id = hints.group;
  if (id === undefined) return undefined;
  const g = serverGroupStore(ctx.state).get(String(id));
  if (!g || (!ctx.isAdmin && g.project_id !== ctx.user.project.id)) throw badRequest(`Invalid server group: Instance group ${String(id)} could not be found.`);
  return g;
}

function networkPlan(ctx: RequestContext, body: CreateBody): { net: (typeof NETWORKS)[number]; port?: string; ip?: string; tag?: string }[] {
  const networks = body.networks ?? (atLeast(ctx, "2.37") ? undefined : "auto");
  if (networks === "none") return [];
  if (networks === "auto" || networks === undefined) return [{ net: NETWORKS[0]! }];
  return networks.map((n) => {
    if (n.port) {
      if (portOwner(ctx.state, n.port)) throw conflict(`Port ${n.port} is still in use.`);
      return { net: NETWORKS[0]!, port: n.port, tag: n.tag };
    }
    const net = NETWORKS.find((x) => x.id === n.uuid);
    if (!net) throw badRequest(`Network ${n.uuid ?? ""} could not be found.`);
    if (n.fixed_ip && addressInUse(ctx.state, n.fixed_ip)) throw badRequest(`Fixed IP address ${n.fixed_ip} is already in use on instance.`);
    return { net, ip: n.fixed_ip, tag: n.tag };
  });
}

/** 400 unless `zone` (when given) has an enabled compute host, as Nova checks a requested zone. */
export function checkZone(ctx: RequestContext, zone: string | null | undefined): void {
  if (zone && !zonesByAvailability(ctx.state).available.includes(zone)) throw badRequest("The requested availability zone is not available");
}

/** A compute host named by host name or hypervisor host name; 400 when there is none. */
export function nodeNamed(ctx: RequestContext, name: string): string {
  const node = computeStore(ctx.state).nodes.find((n) => n.host === name || `${n.host}.local` === name);
  if (!node) throw badRequest(`Compute host ${name} could not be found.`);
  return node.host;
}

/** Whether a server group's policy lets one more member onto `host` (the soft policies always do). */
function groupAdmits(ctx: RequestContext, group: ServerGroupRecord, host: string): boolean {
  const hosts = group.members.map((m) => ctx.state.servers.get(m)?.host).filter((h) => h);
  if (group.policy === "affinity") return hosts.every((h) => h === host);
  if (group.policy !== "anti-affinity") return true;
  return hosts.filter((h) => h === host).length < (group.rules.max_server_per_host ?? 1);
}

export const serverCreateHandlers: Handlers = {
  createServer: (ctx) => {
    const outer = ctx.body as { server: CreateBody; "os:scheduler_hints"?: Hints; "OS-SCH-HNT:scheduler_hints"?: Hints };
    const body = outer.server;
    const hints = outer["os:scheduler_hints"] ?? outer["OS-SCH-HNT:scheduler_hints"] ?? {};
    const flavor = flavorFrom(ctx, body.flavorRef);

    const volume = bootVolume(body);
    let imageId = "";
    if (body.imageRef) {
      imageId = body.imageRef.split("/").pop()!;
      if (!ctx.state.images.has(imageId)) throw badRequest("Can not find requested image");
    } else if (!volume) throw badRequest("Can not find requested image");

    if (body.key_name !== undefined && !keypairStore(ctx.state).byKey.has(`${ctx.user.id}/${body.key_name}`)) throw badRequest("Invalid key_name provided.");

    // availability_zone is "zone", "zone:host" or "zone:host:node" (the host parts for admins): a
    // host named there is forced (no scheduler filters), one named by host/hypervisor_hostname
    // (2.74) is only requested.
    let zone: string | undefined;
    let forced: string | undefined;
    if (body.availability_zone !== undefined) {
      const [az, host] = body.availability_zone.split(":");
      checkZone(ctx, az);
      if (host && !ctx.isAdmin) throw forbidden("os_compute_api:servers:create:forced_host");
      if (host) forced = nodeNamed(ctx, host);
      zone = az || undefined;
    }
    let requested: string | undefined;
    for (const h of [body.host, body.hypervisor_hostname]) {
      if (h === undefined) continue;
      if (!ctx.isAdmin) throw forbidden("compute:servers:create:requested_destination");
      requested = nodeNamed(ctx, h);
    }

    const min = Number(body.min_count ?? 1);
    const max = Number(body.max_count ?? min);
    if (min > max) throw badRequest("min_count must be <= max_count");
    if (body.hostname !== undefined && max > 1 && !atLeast(ctx, "2.94")) throw badRequest("Unable to set hostname when creating multiple instances with the same hostname");
    checkMetadataQuota(ctx, body.metadata ?? {});

    const group = groupFrom(ctx, hints);
    if (group) {
      const allowed = limitsOf(ctx.state, ctx.user.project.id).server_group_members;
      if (allowed >= 0 && group.members.length + min > allowed) throw quotaExceeded("Quota exceeded, too many servers in group");
    }

    const count = Math.min(max, roomFor(ctx, { cores: flavor.vcpus, ram: flavor.ram }, max));
    if (count < min) checkServerQuota(ctx, { instances: min, cores: flavor.vcpus * min, ram: flavor.ram * min });

    const plan = networkPlan(ctx, body);
    if (count > 1 && plan.some((p) => p.port)) throw badRequest("Multiple instances with the same port can not be created");

    // Nova numbers its instances (instance-0000002a) and makes up reservation ids; here both count
    // up, so two clouds given the same requests name their servers alike.
    const counter = areaState(ctx.state, "builds", () => ({ instances: 0x100, reservations: 0 }));
    const reservation = `r-${(++counter.reservations).toString(36).padStart(8, "0")}`;
    const adminPass = body.adminPass ?? password();
    const created: ServerRecord[] = [];
    for (let i = 0; i < count; i++) {
      const now = isoZ();
      const name = count > 1 ? `${body.name}-${i + 1}` : body.name;
      const host = forced ?? pickHost(ctx.state, flavor, { zone, allowed: (h) => (!requested || h === requested) && (!group || groupAdmits(ctx, group, h)) });
      const s: ServerRecord = {
        id: randomUUID(),
        name,
        project_id: ctx.user.project.id,
        user_id: ctx.user.id,
        status: "ACTIVE",
        vm_state: "active",
        power_state: POWER.RUNNING,
        task_state: null,
        flavor_id: flavor.id,
        image_id: imageId,
        host: host ?? "",
        created: now,
        updated: now,
        metadata: { ...(body.metadata ?? {}) },
        tags: [...new Set(body.tags ?? [])],
        description: body.description ?? null,
        locked: false,
        locked_reason: null,
        key_name: body.key_name ?? null,
        availability_zone: host ? zoneOf(ctx.state, { binary: "nova-compute", host }) : (zone ?? DEFAULT_ZONE),
        addresses: {},
        launch_index: i,
        reservation_id: reservation,
        instance_name: `instance-${(++counter.instances).toString(16).padStart(8, "0")}`,
        hostname: body.hostname !== undefined ? (count > 1 ? `${body.hostname}-${i + 1}` : body.hostname) : hostnameOf(name),
        access_ipv4: body.accessIPv4,
        access_ipv6: body.accessIPv6,
        disk_config: body["OS-DCF:diskConfig"] ?? "MANUAL",
        security_groups: (body.security_groups ?? [{ name: "default" }]).map((g) => g.name ?? "default"),
        config_drive: truthy(body.config_drive),
        user_data: body.user_data ?? null,
        scheduler_hints: hints,
        pinned_availability_zone: zone ?? null,
        trusted_image_certificates: body.trusted_image_certificates ?? null,
        launched_at: isoMicro(),
      };
      ctx.state.servers.set(s.id, s);
      for (const p of plan) newPort(ctx.state, s, p.net, { ip: p.ip, portId: p.port, tag: p.tag ?? null });
      syncAddresses(ctx.state, s);
      if (volume && i === 0) {
        attachmentStore(ctx.state).set(s.id, [{ volumeId: volume, serverId: s.id, device: "/dev/vda", tag: null, delete_on_termination: false, attachment_id: randomUUID(), bdm_uuid: randomUUID() }]);
      }
      if (group) group.members.push(s.id);
      if (!host) {
        setState(s, "error", POWER.NOSTATE);
        s.launched_at = null;
        s.fault = { code: 500, message: "No valid host was found. There are not enough hosts available.", created: isoZ() };
        recordAction(ctx, s, "create", { events: ["conductor_schedule_and_build_instances"], result: "Error" });
        created.push(s);
        continue;
      }
      recordAction(ctx, s, "create");
      // The first look at it finds it spawning, as right after a real boot; then it is ACTIVE.
      s.pending = { status: "BUILD", vm_state: "building", task_state: "spawning", power_state: POWER.NOSTATE };
      created.push(s);
    }

    if (truthy(body.return_reservation_id)) return ok({ reservation_id: reservation }, 202);
    const first = created[0]!;
    return ok(
      {
        server: {
          id: first.id,
          links: links(ctx, `servers/${first.id}`),
          "OS-DCF:diskConfig": first.disk_config,
          adminPass,
          security_groups: first.security_groups!.map((name) => ({ name })),
        },
      },
      202,
    );
  },

  updateServer: (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    const body = (ctx.body as { server: Record<string, unknown> }).server;
    if ("pinned_availability_zone" in body) {
      const zone = body.pinned_availability_zone as string | null;
      if (zone !== null) checkZone(ctx, zone);
      s.pinned_availability_zone = zone;
    }
    if (typeof body.name === "string") s.name = body.name;
    if ("description" in body) s.description = body.description as string | null;
    if (typeof body.accessIPv4 === "string") s.access_ipv4 = body.accessIPv4;
    if (typeof body.accessIPv6 === "string") s.access_ipv6 = body.accessIPv6;
    if (typeof body["OS-DCF:diskConfig"] === "string") s.disk_config = body["OS-DCF:diskConfig"] as "AUTO" | "MANUAL";
    if (typeof body.hostname === "string") s.hostname = body.hostname;
    s.updated = isoZ();
    return ok({ server: serverView(s, ctx) });
  },
};
