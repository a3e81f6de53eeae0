import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, forbidden } from "../faults.js";
import { type CloudState, areaState } from "../state.js";
import { atLeast, quotaExceeded } from "./common.js";
import { keypairStore, serverGroupStore } from "./stores.js";

/** Nova's default quotas (the "default" quota class). -1 is unlimited. */
export const DEFAULT_QUOTAS = {
  instances: 10,
  cores: 20,
  ram: 51200,
  metadata_items: 128,
  key_pairs: 100,
  server_groups: 10,
  server_group_members: 10,
  injected_files: 5,
  injected_file_content_bytes: 10240,
  injected_file_path_bytes: 255,
  fixed_ips: -1,
  floating_ips: 10,
  security_groups: 10,
  security_group_rules: 20,
};
export type Resource = keyof typeof DEFAULT_QUOTAS;
const RESOURCES = Object.keys(DEFAULT_QUOTAS) as Resource[];
type Limits = Record<Resource, number>;

const store = (state: CloudState) =>
  areaState(state, "quotas", () => ({
    classes: new Map<string, Partial<Limits>>(),
    projects: new Map<string, Partial<Limits>>(),
    users: new Map<string, Partial<Limits>>(),
  }));

function classLimits(state: CloudState, name = "default"): Limits {
  return { ...DEFAULT_QUOTAS, ...store(state).classes.get(name) };
}

/** The limits of a project (or of one of its users). */
export function limitsOf(state: CloudState, project: string, user?: string | null): Limits {
  const q = store(state);
  return { ...classLimits(state), ...q.projects.get(project), ...(user ? q.users.get(`${project}/${user}`) : {}) };
}

/** What a project (or a user in it) uses. key_pairs are per user (the caller's when no user is given). */
export function usageOf(state: CloudState, project: string, user?: string | null, keypairUser?: string): Limits {
  const used = Object.fromEntries(RESOURCES.map((r) => [r, 0])) as Limits;
  for (const s of state.servers.values()) {
    if (s.project_id !== project || (user && s.user_id !== user)) continue;
    const f = state.flavors.get(s.flavor_id);
    used.instances += 1;
    used.cores += f?.vcpus ?? 0;
    used.ram += f?.ram ?? 0;
  }
  const owner = user ?? keypairUser;
  used.key_pairs = [...keypairStore(state).byKey.values()].filter((k) => k.user_id === owner).length;
  used.server_groups = [...serverGroupStore(state).values()].filter((g) => g.project_id === project && (!user || g.user_id === user)).length;
  return used;
}

/** Nova's quota check for new servers: 403 when the project (or user) would go over a limit. */
export function checkServerQuota(ctx: RequestContext, count: { instances: number; cores: number; ram: number }): void {
  const project = ctx.user.project.id;
  for (const user of [undefined, ctx.user.id]) {
    const limits = limitsOf(ctx.state, project, user);
    const used = usageOf(ctx.state, project, user);
    const overs = (["cores", "instances", "ram"] as const).filter((r) => limits[r] >= 0 && used[r] + count[r] > limits[r]);
    if (overs.length > 0) {
      const list = overs.join(", ");
      throw quotaExceeded(
        `Quota exceeded for ${list}: Requested ${overs.map((r) => count[r]).join(", ")}, but already used ${overs.map((r) => used[r]).join(", ")} of ${overs.map((r) => limits[r]).join(", ")} ${list}`,
      );
    }
  }
}

/** How many servers (up to `max`) the project still has room for. */
export function roomFor(ctx: RequestContext, per: { cores: number; ram: number }, max: number): number {
  const limits = limitsOf(ctx.state, ctx.user.project.id, ctx.user.id);
  const used = usageOf(ctx.state, ctx.user.project.id);
  let room = max;
  const fit = (limit: number, inUse: number, each: number) => (limit < 0 || each === 0 ? max : Math.floor((limit - inUse) / each));
  room = Math.min(room, fit(limits.instances, used.instances, 1), fit(limits.cores, used.cores, per.cores), fit(limits.ram, used.ram, per.ram));
  return Math.max(room, 0);
}

export function checkMetadataQuota(ctx: RequestContext, metadata: Record<string, string>, project = ctx.user.project.id): void {
  const allowed = limitsOf(ctx.state, project).metadata_items;
  if (allowed >= 0 && Object.keys(metadata).length > allowed) throw quotaExceeded(`Quota exceeded for metadata_items: Requested ${Object.keys(metadata).length}, but already used 0 of ${allowed} metadata_items`);
}

const projectIds = (state: CloudState) => new Set(state.users.map((u) => u.project.id));

function projectOf(ctx: RequestContext, rule: string): string {
  const id = ctx.params.tenant_id!;
  if (!ctx.isAdmin && id !== ctx.user.project.id) throw forbidden(rule);
  if (!projectIds(ctx.state).has(id)) throw badRequest(`Project ID ${id} is not a valid project.`);
  return id;
}

/** Integers from Nova's lenient quota values (integers or their digits as strings). */
const toInt = (v: unknown) => (typeof v === "string" ? Number.parseInt(v, 10) : (v as number));

const TRUE = new Set(["true", "1", "on", "yes"]);

function quotaSetView(limits: Limits, id?: string) {
  return { ...(id !== undefined ? { id } : {}), ...limits };
}

export const quotaHandlers: Handlers = {
  showQuotaSet: (ctx) => {
    const project = projectOf(ctx, "os_compute_api:os-quota-sets:show");
    return ok({ quota_set: quotaSetView(limitsOf(ctx.state, project, ctx.query.get("user_id")), project) });
  },
  showQuotaSetDefaults: (ctx) => {
    const project = ctx.params.tenant_id!;
    if (!projectIds(ctx.state).has(project)) throw badRequest(`Project ID ${project} is not a valid project.`);
    return ok({ quota_set: quotaSetView(classLimits(ctx.state), project) });
  },
  showQuotaSetDetail: (ctx) => {
    const project = projectOf(ctx, "os_compute_api:os-quota-sets:detail");
    const user = ctx.query.get("user_id");
    const limits = limitsOf(ctx.state, project, user);
    const used = usageOf(ctx.state, project, user, ctx.user.id);
    const detail = Object.fromEntries(RESOURCES.map((r) => [r, { in_use: used[r], limit: limits[r], reserved: 0 }]));
    return ok({ quota_set: { id: project, ...detail } });
  },
  updateQuotaSet: (ctx) => {
    if (!ctx.isAdmin) throw forbidden("os_compute_api:os-quota-sets:update");
    const project = projectOf(ctx, "os_compute_api:os-quota-sets:update");
    const user = ctx.query.get("user_id");
    const body = (ctx.body as { quota_set: Record<string, unknown> }).quota_set;
    const force = body.force !== undefined && (body.force === true || TRUE.has(String(body.force).toLowerCase()));
    if (body.networks !== undefined) throw badRequest("Quota networks is not supported any more.");
    const current = limitsOf(ctx.state, project, user);
    const used = usageOf(ctx.state, project, user, user ?? ctx.user.id);
    const changes: Partial<Limits> = {};
    for (const [key, raw] of Object.entries(body)) {
      if (key === "force" || key === "networks") continue;
      const r = key as Resource;
      const value = toInt(raw);
      if (!force && value >= 0 && value < used[r]) {
        throw badRequest(`Quota limit ${value} for ${r} must be greater than or equal to already used and reserved ${used[r]}.`);
      }
      if (user && value >= 0) {
        const projectLimit = limitsOf(ctx.state, project)[r];
        if (projectLimit >= 0 && value > projectLimit) throw badRequest(`Quota limit ${value} for ${r} must be less than or equal to ${projectLimit}.`);
      }
      changes[r] = value;
    }
    const q = store(ctx.state);
    const key = user ? `${project}/${user}` : project;
    const map = user ? q.users : q.projects;
    map.set(key, { ...map.get(key), ...changes });
    return ok({ quota_set: { ...current, ...changes } });
  },
  deleteQuotaSet: (ctx) => {
    if (!ctx.isAdmin) throw forbidden("os_compute_api:os-quota-sets:delete");
    const project = projectOf(ctx, "os_compute_api:os-quota-sets:delete");
    const user = ctx.query.get("user_id");
    const q = store(ctx.state);
    if (user) q.users.delete(`${project}/${user}`);
    else {
      q.projects.delete(project);
      for (const k of [...q.users.keys()]) if (k.startsWith(`${project}/`)) q.users.delete(k);
    }
    return noContent(202);
  },
  showQuotaClassSet: (ctx) => {
    if (!ctx.isAdmin) throw forbidden("os_compute_api:os-quota-class-sets:show");
    return ok({ quota_class_set: { id: ctx.params.id!, ...classLimits(ctx.state, ctx.params.id) } });
  },
  updateQuotaClassSet: (ctx) => {
    if (!ctx.isAdmin) throw forbidden("os_compute_api:os-quota-class-sets:update");
    const body = (ctx.body as { quota_class_set: Record<string, unknown> }).quota_class_set;
    if (body.networks !== undefined) throw badRequest("Quota networks is not supported any more.");
    const changes: Partial<Limits> = {};
    for (const [key, raw] of Object.entries(body)) if (key !== "networks") changes[key as Resource] = toInt(raw);
    // Before 2.50 server_groups and server_group_members are accepted but ignored.
    if (!atLeast(ctx, "2.50")) {
      delete changes.server_groups;
      delete changes.server_group_members;
    }
    const classes = store(ctx.state).classes;
    const name = ctx.params.id!;
    classes.set(name, { ...classes.get(name), ...changes });
    return ok({ quota_class_set: classLimits(ctx.state, name) });
  },
  showLimits: (ctx) => {
    // `reserved` (python-novaclient's limits --reserved) changes nothing: Nova counts usage, it keeps no reservations.
    const project = ctx.query.get("tenant_id") ?? ctx.user.project.id;
    if (project !== ctx.user.project.id && !ctx.isAdmin) throw forbidden("os_compute_api:limits:other_project");
    const limits = limitsOf(ctx.state, project);
    const used = usageOf(ctx.state, project, undefined, ctx.user.id);
    return ok({
      limits: {
        rate: [],
        absolute: {
          maxServerMeta: limits.metadata_items,
          maxTotalCores: limits.cores,
          maxTotalInstances: limits.instances,
          maxTotalKeypairs: limits.key_pairs,
          maxTotalRAMSize: limits.ram,
          maxServerGroups: limits.server_groups,
          maxServerGroupMembers: limits.server_group_members,
          totalCoresUsed: used.cores,
          totalInstancesUsed: used.instances,
          totalRAMUsed: used.ram,
          totalServerGroupsUsed: used.server_groups,
          maxImageMeta: limits.metadata_items,
          maxPersonality: limits.injected_files,
          maxPersonalitySize: limits.injected_file_content_bytes,
          maxSecurityGroups: limits.security_groups,
          maxSecurityGroupRules: limits.security_group_rules,
          maxTotalFloatingIps: limits.floating_ips,
          totalSecurityGroupsUsed: 0,
          totalFloatingIpsUsed: 0,
        },
      },
    });
  },
};
