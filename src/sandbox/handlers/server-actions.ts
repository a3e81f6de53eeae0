import { randomUUID } from "node:crypto";
import { type Handlers, type Reply, type RequestContext, noContent, ok } from "../context.js";
import { Fault, badRequest, conflict, forbidden, notFound } from "../faults.js";
import { securityGroupOf } from "./server-data.js";
import type { ServerRecord } from "../state.js";
import {
  type HeaderReply,
  POWER,
  atLeast,
  checkLock,
  checkState,
  isoMicro,
  isoZ,
  password,
  recordAction,
  requireAdmin,
  setState,
} from "./common.js";
import { pickHost } from "./compute.js";
import { checkZone, nodeNamed } from "./server-create.js";
import { getServer, serverView } from "./servers.js";
import { LIVE_MIGRATION_MS, type MigrationRecord, computeServiceOf, consoleStore, flavorInternalId, forgetServer, isUp, keypairStore, migrationStore, nodeOf, zoneOf } from "./stores.js";

const ACTIVE = "active";
const STOPPED = "stopped";
const PAUSED = "paused";
const SUSPENDED = "suspended";
const RESCUED = "rescued";
const RESIZED = "resized";
const ERROR = "error";
const SHELVED = "shelved";
const SHELVED_OFFLOADED = "shelved_offloaded";
const SOFT_DELETED = "soft_deleted";

type Body<T> = T;
const body = <T>(ctx: RequestContext) => (ctx.body ?? {}) as Body<T>;

/**
 * A state-changing action: finds the server, checks the lock and the vm_state Nova allows
 * (409 conflictingRequest otherwise), runs `change`, records the instance action.
 */
function action(name: string, allowed: string[] | null, change: (s: ServerRecord, ctx: RequestContext) => Reply | void, opts: { record?: string | null; lock?: boolean; admin?: string } = {}) {
  return (ctx: RequestContext): Reply => {
    const s = getServer(ctx);
    if (opts.admin) requireAdmin(ctx, opts.admin);
    if (opts.lock !== false) checkLock(ctx, s);
    checkState(s, name, allowed);
    const reply = change(s, ctx) ?? noContent(202);
    s.updated = isoZ();
    if (opts.record !== null) recordAction(ctx, s, opts.record ?? name);
    return reply;
  };
}

function newMigration(ctx: RequestContext, s: ServerRecord, type: MigrationRecord["migration_type"], status: string, dest: string, newFlavor = s.flavor_id): MigrationRecord {
  const store = migrationStore(ctx.state);
  const when = isoMicro();
  const m: MigrationRecord = {
    id: store.next++,
    uuid: randomUUID(),
    instance_uuid: s.id,
    status,
    migration_type: type,
    source_compute: s.host,
    source_node: `${s.host}.local`,
    dest_compute: dest,
    dest_node: `${dest}.local`,
    dest_host: nodeOf(ctx.state, dest)?.host_ip ?? "",
    old_instance_type_id: flavorInternalId(ctx.state, s.flavor_id),
    new_instance_type_id: flavorInternalId(ctx.state, newFlavor),
    created_at: when,
    updated_at: when,
    user_id: ctx.user.id,
    project_id: ctx.user.project.id,
  };
  store.list.push(m);
  return m;
}

function finishResize(ctx: RequestContext, s: ServerRecord, status: "confirmed" | "reverted"): void {
  const r = s.resize!;
  const m = migrationStore(ctx.state).list.find((x) => x.id === r.migration_id);
  if (m) {
    m.status = status;
    m.updated_at = isoMicro();
  }
  if (status === "reverted") {
    s.flavor_id = r.old_flavor_id;
    if (m) s.host = m.source_compute;
  }
  setState(s, r.previous_vm_state, r.previous_vm_state === STOPPED ? POWER.SHUTDOWN : POWER.RUNNING);
  delete s.resize;
}

/**
 * Another host for a server, as the scheduler picks one for a move (`host` when the caller
 * names it); Nova's 400 NoValidHost for `operation` when there is none.
 */
function destination(ctx: RequestContext, s: ServerRecord, flavorId: string, operation: string, host?: string | null): string {
  const dest = pickHost(ctx.state, ctx.state.flavors.get(flavorId)!, { allowed: (h) => h !== s.host && (!host || h === host) });
  if (!dest) throw badRequest(`No valid host was found. No valid host found for ${operation}`);
  return dest;
}

/** A resize or cold migration to another host (allow_resize_to_same_host is off), awaiting confirmation there. */
function startResize(ctx: RequestContext, s: ServerRecord, type: "resize" | "migration", flavorId: string, host?: string | null): void {
  const dest = destination(ctx, s, flavorId, type === "resize" ? "resize" : "cold migrate", host);
  const m = newMigration(ctx, s, type, "finished", dest, flavorId);
  s.resize = { old_flavor_id: s.flavor_id, migration_id: m.id, previous_vm_state: s.vm_state };
  s.flavor_id = flavorId;
  s.host = dest;
  setState(s, RESIZED);
}

/** An image made from a server (snapshot or backup); replies as Nova does at the request's version. */
function imageReply(ctx: RequestContext, imageId: string): HeaderReply {
  if (atLeast(ctx, "2.45")) return ok({ image_id: imageId }, 202);
  const root = ctx.endpoint.replace(/\/compute\/v2\.1$/, "");
  return { status: 202, headers: { Location: `${root}/image/images/${imageId}` } };
}

const CONSOLE_OUTPUT = "FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE";

/** Console types by protocol, with the URL each gets (the sandbox serves none of them). */
const CONSOLES: Record<string, Record<string, { port: number; url: (token: string) => string } | null>> = {
  vnc: {
    novnc: { port: 5900, url: (t) => `http://127.0.0.1:6080/vnc_lite.html?path=%3Ftoken%3D${t}` },
    xvpvnc: { port: 5900, url: (t) => `http://127.0.0.1:6081/console?token=${t}` },
  },
  spice: {
    "spice-html5": { port: 5901, url: (t) => `http://127.0.0.1:6082/spice_auto.html?token=${t}` },
    "spice-direct": { port: 5901, url: (t) => `http://127.0.0.1:13002/nova?token=${t}` },
  },
  serial: { serial: { port: 10000, url: (t) => `ws://127.0.0.1:6083/?token=${t}` } },
  rdp: { "rdp-html5": null },
  mks: { webmks: null },
};

/** A console URL for a running server (400 for types the sandbox, like a libvirt cloud, lacks). */
function consoleUrl(ctx: RequestContext, s: ServerRecord, protocol: string, type: string): string {
  const kinds = CONSOLES[protocol] ?? {};
  if (!(type in kinds)) throw badRequest(`Invalid console type ${type}`);
  const kind = kinds[type];
  if (!kind) throw badRequest(`Unavailable console type ${type}.`);
  if (s.power_state !== POWER.RUNNING && s.power_state !== POWER.PAUSED) throw conflict(`Instance ${s.id} is not ready`);
  if (!s.host) throw conflict(`Instance ${s.id} is not ready`);
  const token = randomUUID();
  consoleStore(ctx.state).set(token, { instance_uuid: s.id, type, host: "127.0.0.1", port: kind.port, tls_port: type === "spice-direct" ? kind.port + 1 : null, internal_access_path: null });
  return kind.url(token);
}

function legacyConsole(protocol: string) {
  return (ctx: RequestContext): Reply => {
    const s = getServer(ctx);
    const { type } = body<{ type: string }>(ctx);
    return ok({ console: { type, url: consoleUrl(ctx, s, protocol, type) } });
  };
}

/** Neutron finds the group by name (or id) in the server's project; 404 as Nova words it. */
function knownGroup(s: ServerRecord, nameOrId: string): string {
  const group = securityGroupOf(s.project_id, "default")!;
  if (nameOrId !== group.name && nameOrId !== group.id) throw notFound(`Security group ${nameOrId} is not found for project ${s.project_id}`);
  return group.name;
}

function checkImage(ctx: RequestContext, imageId: string, message: string): void {
  if (!ctx.state.images.has(imageId)) throw badRequest(message);
}

export const serverActionHandlers: Handlers = {
  "serverAction.reboot": (ctx) => {
    const hard = body<{ type: string }>(ctx).type.toUpperCase() === "HARD";
    const allowed = hard ? [ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR] : [ACTIVE];
    return action("reboot", allowed, (s) => setState(s, ACTIVE, POWER.RUNNING))(ctx);
  },
  "serverAction.os-stop": action("stop", [ACTIVE, ERROR], (s) => setState(s, STOPPED, POWER.SHUTDOWN)),
  "serverAction.os-start": action("start", [STOPPED], (s) => setState(s, ACTIVE, POWER.RUNNING)),
  "serverAction.pause": action("pause", [ACTIVE], (s) => setState(s, PAUSED, POWER.PAUSED)),
  "serverAction.unpause": action("unpause", [PAUSED], (s) => setState(s, ACTIVE, POWER.RUNNING)),
  "serverAction.suspend": action("suspend", [ACTIVE], (s) => setState(s, SUSPENDED, POWER.SUSPENDED)),
  "serverAction.resume": action("resume", [SUSPENDED], (s) => setState(s, ACTIVE, POWER.RUNNING)),
  "serverAction.lock": action(
    "lock",
    null,
    (s, ctx) => {
      s.locked = true;
      s.locked_reason = (body<{ locked_reason?: string } | null>(ctx) ?? {}).locked_reason ?? null;
    },
    { lock: false },
  ),
  "serverAction.unlock": action(
    "unlock",
    null,
    (s) => {
      s.locked = false;
      s.locked_reason = null;
    },
    { lock: false },
  ),
  "serverAction.rescue": action("rescue", [ACTIVE, STOPPED, ERROR], (s, ctx) => {
    const b = body<{ adminPass?: string; rescue_image_ref?: string } | null>(ctx) ?? {};
    if (b.rescue_image_ref) checkImage(ctx, b.rescue_image_ref, `Image ${b.rescue_image_ref} could not be found.`);
    setState(s, RESCUED, POWER.RUNNING);
    return ok({ adminPass: b.adminPass ?? password() });
  }),
  "serverAction.unrescue": action("unrescue", [RESCUED], (s) => setState(s, ACTIVE, POWER.RUNNING)),
  "serverAction.resize": action("resize", [ACTIVE, STOPPED], (s, ctx) => {
    const ref = body<{ flavorRef: string | number }>(ctx).flavorRef;
    const id = String(ref).split("/").pop()!;
    const f = ctx.state.flavors.get(id);
    if (!f || (!f.is_public && !ctx.isAdmin && !f.access.includes(ctx.user.project.id))) throw badRequest(`Flavor ${id} could not be found.`);
    if (id === s.flavor_id) throw badRequest("When resizing, instances must change flavor!");
    if (f.disabled) throw badRequest("Flavor is disabled.");
    startResize(ctx, s, "resize", id);
  }),
  "serverAction.confirmResize": action("confirmResize", [RESIZED], (s, ctx) => {
    finishResize(ctx, s, "confirmed");
    return noContent(204);
  }),
  "serverAction.revertResize": action("revertResize", [RESIZED], (s, ctx) => finishResize(ctx, s, "reverted")),
  "serverAction.migrate": action(
    "migrate",
    [ACTIVE, STOPPED],
    (s, ctx) => {
      const host = (body<{ host?: string | null } | null>(ctx) ?? {}).host;
      startResize(ctx, s, "migration", s.flavor_id, host && nodeNamed(ctx, host));
    },
    { admin: "os_compute_api:os-migrate-server:migrate" },
  ),
  "serverAction.os-migrateLive": action(
    "os-migrateLive",
    [ACTIVE, PAUSED],
    (s, ctx) => {
      const { host } = body<{ host: string | null }>(ctx);
      if (host && host === s.host) throw badRequest(`Unable to migrate instance (${s.id}) to current host (${s.host}).`);
      if (host) nodeNamed(ctx, host);
      // The conductor schedules after the API has answered: with no host to go to, the migration ends in error.
      const dest = pickHost(ctx.state, ctx.state.flavors.get(s.flavor_id)!, { allowed: (h) => h !== s.host && (!host || h === host) });
      const m = newMigration(ctx, s, "live-migration", dest ? "running" : "error", dest ?? s.host);
      if (!dest) return;
      m.finishes_at = Date.now() + LIVE_MIGRATION_MS;
      setState(s, s.vm_state, undefined, "migrating");
    },
    { admin: "os_compute_api:os-migrate-server:migrate_live", record: "live-migration" },
  ),
  "serverAction.evacuate": (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-evacuate");
    const s = getServer(ctx);
    checkState(s, "evacuate", [ACTIVE, STOPPED, ERROR]);
    const { host, adminPass } = body<{ host?: string; adminPass?: string }>(ctx);
    if (host && !nodeOf(ctx.state, host)) throw notFound(`Compute host ${host} not found.`);
    if (host === s.host) throw badRequest("The target host can't be the same one.");
    const source = computeServiceOf(ctx.state, s.host);
    if (source && isUp(source)) throw badRequest(`Compute service of ${s.host} is still in use.`);
    const dest = destination(ctx, s, s.flavor_id, "evacuate", host);
    newMigration(ctx, s, "evacuation", "done", dest);
    s.host = dest;
    s.updated = isoZ();
    recordAction(ctx, s, "evacuate");
    return atLeast(ctx, "2.14") ? ok(undefined) : ok({ adminPass: adminPass ?? password() });
  },
  "serverAction.os-resetState": action(
    "resetState",
    null,
    (s, ctx) => {
      setState(s, body<{ state: string }>(ctx).state);
    },
    { admin: "os_compute_api:os-admin-actions:reset_state", lock: false },
  ),
  "serverAction.injectNetworkInfo": action("injectNetworkInfo", null, () => undefined, { admin: "os_compute_api:os-admin-actions:inject_network_info", record: null }),
  "serverAction.createImage": action("createImage", [ACTIVE, STOPPED, PAUSED, SUSPENDED], (s, ctx) => {
    const { name, metadata } = body<{ name: string; metadata?: Record<string, string> }>(ctx);
    const id = randomUUID();
    ctx.state.images.set(id, { id, name, server_id: s.id, properties: { ...metadata, image_type: "snapshot", instance_uuid: s.id } });
    return imageReply(ctx, id);
  }),
  "serverAction.createBackup": action("createBackup", [ACTIVE, STOPPED], (s, ctx) => {
    const b = body<{ name: string; backup_type: string; rotation: number | string; metadata?: Record<string, string> }>(ctx);
    const id = randomUUID();
    const rotation = Number(b.rotation);
    ctx.state.images.set(id, { id, name: b.name, server_id: s.id, properties: { ...b.metadata, image_type: "backup", backup_type: b.backup_type, instance_uuid: s.id } });
    // Keep the newest `rotation` backups of this type (Nova's _rotate_backups).
    const backups = [...ctx.state.images.values()].filter((i) => i.server_id === s.id && i.properties?.image_type === "backup" && i.properties.backup_type === b.backup_type);
    for (const old of backups.slice(0, Math.max(backups.length - rotation, 0))) ctx.state.images.delete(old.id);
    return imageReply(ctx, id);
  }),
  "serverAction.changePassword": action("changePassword", [ACTIVE], () => undefined),
  "serverAction.trigger_crash_dump": action("trigger_crash_dump", [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR], (s) => {
    if (s.power_state !== POWER.RUNNING && s.power_state !== POWER.PAUSED) throw conflict(`Instance ${s.id} is not running.`);
  }),
  "serverAction.forceDelete": (ctx) => {
    const s = getServer(ctx);
    checkLock(ctx, s);
    recordAction(ctx, s, "delete", { events: ["compute_terminate_instance"] });
    forgetServer(ctx.state, s.id);
    return noContent(202);
  },
  // Deleted servers go at once (reclaim_instance_interval 0), so none is ever soft-deleted.
  "serverAction.restore": action("restore", [SOFT_DELETED], (s) => setState(s, ACTIVE, POWER.RUNNING)),
  "serverAction.shelve": action("shelve", [ACTIVE, STOPPED, PAUSED, SUSPENDED], (s, ctx) => {
    if (s.image_id) {
      const id = randomUUID();
      ctx.state.images.set(id, { id, name: `${s.name}-shelved`, server_id: s.id, properties: { image_type: "snapshot", instance_uuid: s.id, shelved: "true" } });
    }
    // shelved_offload_time is 0 (Nova's default): shelved servers are offloaded at once.
    setState(s, SHELVED_OFFLOADED, POWER.SHUTDOWN);
    s.host = "";
  }),
  "serverAction.shelveOffload": action("shelveOffload", [SHELVED], (s) => {
    setState(s, SHELVED_OFFLOADED, POWER.SHUTDOWN);
    s.host = "";
  }),
  "serverAction.unshelve": action("unshelve", [SHELVED, SHELVED_OFFLOADED], (s, ctx) => {
    const b = body<{ availability_zone?: string | null; host?: string } | null>(ctx) ?? {};
    checkZone(ctx, b.availability_zone);
    if (b.host !== undefined) {
      if (!ctx.isAdmin) throw forbidden("os_compute_api:os-shelve:unshelve_to_host");
      if (s.vm_state !== SHELVED_OFFLOADED) throw conflict(`The host can only be specified for a shelved offloaded instance.`);
      nodeNamed(ctx, b.host);
    }
    if ("availability_zone" in b) s.pinned_availability_zone = b.availability_zone ?? null;
    for (const image of [...ctx.state.images.values()]) if (image.server_id === s.id && image.properties?.shelved === "true") ctx.state.images.delete(image.id);
    const zone = b.availability_zone ?? s.pinned_availability_zone ?? undefined;
    const host = pickHost(ctx.state, ctx.state.flavors.get(s.flavor_id)!, { zone, allowed: (h) => !b.host || h === b.host });
    if (!host) throw badRequest("No valid host was found. No valid host found for unshelve");
    s.host = host;
    s.availability_zone = zoneOf(ctx.state, { binary: "nova-compute", host });
    s.launched_at = isoMicro();
    setState(s, ACTIVE, POWER.RUNNING);
  }),
  "serverAction.rebuild": action("rebuild", [ACTIVE, STOPPED, ERROR], (s, ctx) => {
    const b = body<{
      imageRef: string;
      name?: string;
      adminPass?: string;
      metadata?: Record<string, string>;
      "OS-DCF:diskConfig"?: "AUTO" | "MANUAL";
      accessIPv4?: string;
      accessIPv6?: string;
      key_name?: string | null;
      user_data?: string | null;
      trusted_image_certificates?: string[] | null;
      hostname?: string;
      description?: string | null;
    }>(ctx);
    const imageId = b.imageRef.split("/").pop()!;
    checkImage(ctx, imageId, "Cannot find image for rebuild");
    if (b.key_name && !keypairStore(ctx.state).byKey.has(`${s.user_id}/${b.key_name}`)) throw badRequest("Invalid key_name provided.");
    s.image_id = imageId;
    if (b.name !== undefined) s.name = b.name;
    if (b.metadata !== undefined) s.metadata = { ...b.metadata };
    if (b["OS-DCF:diskConfig"]) s.disk_config = b["OS-DCF:diskConfig"];
    if (b.accessIPv4 !== undefined) s.access_ipv4 = b.accessIPv4;
    if (b.accessIPv6 !== undefined) s.access_ipv6 = b.accessIPv6;
    if ("key_name" in b) s.key_name = b.key_name ?? null;
    if ("user_data" in b) s.user_data = b.user_data ?? null;
    if ("trusted_image_certificates" in b) s.trusted_image_certificates = b.trusted_image_certificates ?? null;
    if (b.hostname !== undefined) s.hostname = b.hostname;
    if ("description" in b) s.description = b.description ?? null;
    s.launched_at = isoMicro();
    // Nova answers while the rebuild runs (status REBUILD); the sandbox's is over by the next look.
    const was = s.vm_state;
    setState(s, ACTIVE, POWER.RUNNING, "rebuilding");
    const view = serverView(s, ctx);
    setState(s, was === STOPPED ? STOPPED : ACTIVE, was === STOPPED ? POWER.SHUTDOWN : POWER.RUNNING);
    return ok({ server: { ...view, adminPass: b.adminPass ?? password(), user_data: s.user_data ?? null } }, 202);
  }),
  "serverAction.addSecurityGroup": action(
    "addSecurityGroup",
    null,
    (s, ctx) => {
      const name = knownGroup(s, body<{ name: string }>(ctx).name);
      const groups = s.security_groups ?? ["default"];
      if (!groups.includes(name)) s.security_groups = [...groups, name];
    },
    { record: null, lock: false },
  ),
  "serverAction.removeSecurityGroup": action(
    "removeSecurityGroup",
    null,
    (s, ctx) => {
      const name = knownGroup(s, body<{ name: string }>(ctx).name);
      const groups = s.security_groups ?? ["default"];
      if (!groups.includes(name)) throw badRequest(`Security group ${name} not associated with the instance ${s.id}`);
      s.security_groups = groups.filter((g) => g !== name);
    },
    { record: null, lock: false },
  ),
  "serverAction.os-getConsoleOutput": (ctx) => {
    const s = getServer(ctx);
    if (s.power_state !== POWER.RUNNING && s.power_state !== POWER.PAUSED) throw conflict(`Instance ${s.id} is not ready`);
    const length = (body<{ length?: number | string | null }>(ctx) ?? {}).length;
    const lines = CONSOLE_OUTPUT.split("\n");
    const n = length === undefined || length === null ? -1 : Number(length);
    return ok({ output: n < 0 ? CONSOLE_OUTPUT : lines.slice(Math.max(lines.length - n, 0)).join("\n") });
  },
  "serverAction.os-getVNCConsole": legacyConsole("vnc"),
  "serverAction.os-getSPICEConsole": legacyConsole("spice"),
  "serverAction.os-getRDPConsole": legacyConsole("rdp"),
  "serverAction.os-getSerialConsole": legacyConsole("serial"),
  createRemoteConsole: (ctx) => {
    const s = getServer(ctx);
    const { protocol, type } = (ctx.body as { remote_console: { protocol: string; type: string } }).remote_console;
    return ok({ remote_console: { protocol, type, url: consoleUrl(ctx, s, protocol, type) } });
  },
  showConsoleAuthToken: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-console-auth-tokens");
    const c = consoleStore(ctx.state).get(ctx.params.console_token!);
    if (!c) throw notFound("Token not found");
    if (!atLeast(ctx, "2.31") && c.type !== "rdp-html5") throw new Fault(401, "unauthorized", "The requested console type details are not accessible");
    return ok({ console: { instance_uuid: c.instance_uuid, host: c.host, port: c.port, internal_access_path: c.internal_access_path, tls_port: c.tls_port } });
  },
};
