import { createHash, randomBytes, randomUUID } from "node:crypto";
import { compareVersions, parseVersion } from "../../core/version.js";
import type { Reply, RequestContext } from "../context.js";
import { Fault, conflict, forbidden } from "../faults.js";
import { type CloudState, SEED_TIME, type ServerRecord, areaState } from "../state.js";
import { CONTROLLER } from "./stores.js";

/** The hostId Nova shows a project for a host (generate_hostid): sha224 of project + host, so projects cannot compare hosts. */
export const hostIdOf = (project: string, host: string | null | undefined) => (host ? createHash("sha224").update(project + host).digest("hex") : "");

/** A reply with extra headers (Location); the server sends them with the reply. */
export type HeaderReply = Reply & { headers?: Record<string, string> };

/** True when the request's microversion is at least `v`. */
export const atLeast = (ctx: RequestContext, v: string) => compareVersions(ctx.version, parseVersion(v)) >= 0;

/** Whether a path id is a UUID (Nova's is_uuid_like: hyphens optional). */
export const isUuid = (id: string) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(id);

/** The X-OpenStack-Request-ID of this request (the server puts it in the context). */
export const requestIdOf = (ctx: RequestContext) => (ctx as RequestContext & { requestId?: string }).requestId ?? `req-${randomUUID()}`;

/** Nova's two timestamp forms: "2026-01-02T03:04:05Z" (servers) and "2026-01-02T03:04:05.000000" (most others). */
export const isoZ = (d = new Date()) => `${d.toISOString().slice(0, 19)}Z`;
export const isoMicro = (d = new Date()) => `${d.toISOString().slice(0, 19)}.${String(d.getMilliseconds()).padStart(3, "0")}000`;

export function requireAdmin(ctx: RequestContext, rule: string): void {
  if (!ctx.isAdmin) throw forbidden(rule);
}

export function links(ctx: RequestContext, path: string) {
  const root = ctx.endpoint.replace(/\/v2\.1$/, "");
  return [
    { rel: "self", href: `${ctx.endpoint}/${path}` },
    { rel: "bookmark", href: `${root}/${path}` },
  ];
}

/** Nova's generated passwords: 12 letters and digits without look-alikes. */
export function password(length = 12): string {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

/** Nova's server status for a vm_state (and task_state). */
export function statusOf(vmState: string, taskState: string | null): string {
  if (vmState === "active") {
    const byTask: Record<string, string> = {
      rebooting: "REBOOT",
      reboot_pending: "REBOOT",
      reboot_started: "REBOOT",
      rebooting_hard: "HARD_REBOOT",
      reboot_pending_hard: "HARD_REBOOT",
      reboot_started_hard: "HARD_REBOOT",
      rebuilding: "REBUILD",
      updating_password: "PASSWORD",
      resize_prep: "RESIZE",
      resize_migrating: "RESIZE",
      resize_migrated: "RESIZE",
      resize_finish: "RESIZE",
      migrating: "MIGRATING",
    };
    return (taskState && byTask[taskState]) || "ACTIVE";
  }
  if (vmState === "resized" && taskState === "resize_reverting") return "REVERT_RESIZE";
  const map: Record<string, string> = {
    building: "BUILD",
    stopped: "SHUTOFF",
    resized: "VERIFY_RESIZE",
    paused: "PAUSED",
    suspended: "SUSPENDED",
    rescued: "RESCUE",
    error: "ERROR",
    deleted: "DELETED",
    soft_deleted: "SOFT_DELETED",
    shelved: "SHELVED",
    shelved_offloaded: "SHELVED_OFFLOADED",
  };
  return map[vmState] ?? "UNKNOWN";
}

/** Nova's power states. */
export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

/** Moves a server to a vm_state (status follows), optionally a power state and task state. */
export function setState(s: ServerRecord, vmState: string, power?: number, taskState: string | null = null): void {
  s.vm_state = vmState;
  s.task_state = taskState;
  s.status = statusOf(vmState, taskState);
  if (power !== undefined) s.power_state = power;
  s.updated = isoZ();
}

/** Nova's 409 for an action in the wrong state (check_instance_state). */
export function checkState(s: ServerRecord, action: string, vmStates: string[] | null, taskStates: (string | null)[] = [null]): void {
  if (vmStates && !vmStates.includes(s.vm_state)) {
    throw conflict(`Cannot '${action}' instance ${s.id} while it is in vm_state ${s.vm_state}`);
  }
  if (!taskStates.includes(s.task_state)) {
    throw conflict(`Cannot '${action}' instance ${s.id} while it is in task_state ${s.task_state}`);
  }
}

/** Nova's check_instance_lock: only admins act on a locked server. */
export function checkLock(ctx: RequestContext, s: ServerRecord): void {
  if (s.locked && !ctx.isAdmin) throw conflict(`Instance ${s.id} is locked`);
}

export const quotaExceeded = (message: string) => new Fault(403, "forbidden", message);

// ---- instance actions (os-instance-actions) ----

export interface InstanceActionEvent {
  event: string;
  start_time: string;
  finish_time: string | null;
  result: string | null;
  traceback: string | null;
  host: string | null;
  details: string | null;
}

export interface InstanceActionRecord {
  action: string;
  instance_uuid: string;
  request_id: string;
  user_id: string;
  project_id: string;
  start_time: string;
  message: string | null;
  updated_at: string;
  events: InstanceActionEvent[];
}

/** Every server's actions, oldest first (kept after the server is deleted, as Nova does). */
export const instanceActions = (state: CloudState) => areaState(state, "instance-actions", () => seedActions(state));

/**
 * The seeded servers' "create" actions (every Nova server has one), with request ids made from
 * the server's id, so that twin clouds agree on them.
 */
function seedActions(state: CloudState): Map<string, InstanceActionRecord[]> {
  const actions = new Map<string, InstanceActionRecord[]>();
  for (const s of state.servers.values()) {
    if (s.created !== `${SEED_TIME}Z`) continue;
    const hex = createHash("md5").update(`create ${s.id}`).digest("hex");
    const when = `${SEED_TIME}.000000`;
    const event: InstanceActionEvent = { event: EVENTS.create![0]!, start_time: when, finish_time: when, result: "Success", traceback: null, host: s.host || CONTROLLER, details: null };
    const request_id = `req-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    actions.set(s.id, [{ action: "create", instance_uuid: s.id, request_id, user_id: s.user_id, project_id: s.project_id, start_time: when, message: null, updated_at: when, events: [event] }]);
  }
  return actions;
}

/** Default compute events of an action, as Nova's compute manager names them. */
const EVENTS: Record<string, string[]> = {
  create: ["compute__do_build_and_run_instance"],
  delete: [],
  reboot: ["compute_reboot_instance"],
  stop: ["compute_stop_instance"],
  start: ["compute_start_instance"],
  pause: ["compute_pause_instance"],
  unpause: ["compute_unpause_instance"],
  suspend: ["compute_suspend_instance"],
  resume: ["compute_resume_instance"],
  lock: ["api_lock"],
  unlock: ["api_unlock"],
  rescue: ["compute_rescue_instance"],
  unrescue: ["compute_unrescue_instance"],
  resize: ["conductor_migrate_server", "compute_prep_resize", "compute_resize_instance", "compute_finish_resize"],
  migrate: ["conductor_migrate_server", "compute_prep_resize", "compute_resize_instance", "compute_finish_resize"],
  confirmResize: ["compute_confirm_resize"],
  revertResize: ["compute_revert_resize", "compute_finish_revert_resize"],
  rebuild: ["compute_rebuild_instance"],
  evacuate: ["conductor_rebuild_server", "compute_rebuild_instance"],
  shelve: ["compute_shelve_instance"],
  shelveOffload: ["compute_shelve_offload_instance"],
  unshelve: ["conductor_unshelve_instance", "compute_unshelve_instance"],
  createImage: ["compute_snapshot_instance"],
  createBackup: ["compute_backup_instance"],
  changePassword: ["compute_set_admin_password"],
  "live-migration": ["conductor_live_migrate_instance", "compute_check_can_live_migrate_destination", "compute_live_migration", "compute_post_live_migration_at_destination"],
  live_migration_force_complete: ["compute_live_migration_force_complete"],
  live_migration_cancel: ["compute_live_migration_abort"],
  trigger_crash_dump: ["compute_trigger_crash_dump"],
  resetState: [],
  restore: ["compute_restore_instance"],
  attach_volume: ["api_attach_volume", "compute_attach_volume"],
  detach_volume: ["api_detach_volume", "compute_detach_volume"],
  swap_volume: ["compute_swap_volume"],
  attach_interface: ["api_attach_interface", "compute_attach_interface"],
  detach_interface: ["api_detach_interface", "compute_detach_interface"],
};

/** Records an instance action (and its events, all finished) for the request. */
export function recordAction(ctx: RequestContext, s: ServerRecord, action: string, opts: { events?: string[]; result?: string; message?: string | null } = {}): InstanceActionRecord {
  const when = isoMicro();
  const record: InstanceActionRecord = {
    action,
    instance_uuid: s.id,
    request_id: requestIdOf(ctx),
    user_id: ctx.user.id,
    project_id: ctx.user.project.id,
    start_time: when,
    message: opts.message ?? null,
    updated_at: when,
    events: (opts.events ?? EVENTS[action] ?? [`compute_${action}_instance`]).map((event) => ({
      event,
      start_time: when,
      finish_time: when,
      result: opts.result ?? "Success",
      traceback: null,
      // Without a compute host (never scheduled, offloaded) the conductor did the work.
      host: s.host || CONTROLLER,
      details: null,
    })),
  };
  const actions = instanceActions(ctx.state);
  actions.set(s.id, [...(actions.get(s.id) ?? []), record]);
  return record;
}
