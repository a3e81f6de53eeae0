import { randomUUID } from "node:crypto";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import { quotaExceeded } from "./common.js";
import { limitsOf } from "./quotas.js";
import { type ServerGroupRecord, serverGroupStore } from "./stores.js";

/** The full record (policies and metadata before 2.64, policy and rules after); trimmed by version. */
function view(g: ServerGroupRecord) {
  return { id: g.id, name: g.name, policies: [g.policy], members: g.members, metadata: {}, policy: g.policy, rules: g.rules, project_id: g.project_id, user_id: g.user_id };
}

function find(ctx: RequestContext): ServerGroupRecord {
  const id = ctx.params.server_group_id!;
  const g = serverGroupStore(ctx.state).get(id);
  if (!g || (!ctx.isAdmin && g.project_id !== ctx.user.project.id)) throw notFound(`Instance group ${id} could not be found.`);
  return g;
}

function count(ctx: RequestContext, name: string, fallback: number): number {
  const text = ctx.query.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} param must be an integer`);
  return n;
}

export const serverGroupHandlers: Handlers = {
  listServerGroups: (ctx) => {
    const all = ctx.isAdmin && ["1", "true", "t", "yes", "y", "on"].includes((ctx.query.get("all_projects") ?? "").toLowerCase());
    const groups = [...serverGroupStore(ctx.state).values()].filter((g) => all || g.project_id === ctx.user.project.id);
    const offset = count(ctx, "offset", 0);
    const limit = count(ctx, "limit", 1000);
    return ok({ server_groups: groups.slice(offset, offset + limit).map(view) });
  },
  createServerGroup: (ctx) => {
    const b = (ctx.body as { server_group: { name: string; policies?: string[]; policy?: string; rules?: { max_server_per_host?: number | string } } }).server_group;
    const policy = b.policy ?? b.policies![0]!;
    const rules: ServerGroupRecord["rules"] = {};
    if (b.rules && Object.keys(b.rules).length > 0) {
      if (policy !== "anti-affinity") throw badRequest("Only anti-affinity policy supports rules.");
      if (b.rules.max_server_per_host !== undefined) rules.max_server_per_host = Number(b.rules.max_server_per_host);
    }
    const store = serverGroupStore(ctx.state);
    const allowed = limitsOf(ctx.state, ctx.user.project.id, ctx.user.id).server_groups;
    const used = [...store.values()].filter((g) => g.project_id === ctx.user.project.id).length;
    if (allowed >= 0 && used >= allowed) throw quotaExceeded("Quota exceeded, too many server groups.");
    const g: ServerGroupRecord = { id: randomUUID(), name: b.name, policy, rules, members: [], project_id: ctx.user.project.id, user_id: ctx.user.id };
    store.set(g.id, g);
    return ok({ server_group: view(g) });
  },
  showServerGroup: (ctx) => ok({ server_group: view(find(ctx)) }),
  deleteServerGroup: (ctx) => {
    serverGroupStore(ctx.state).delete(find(ctx).id);
    return noContent(204);
  },
};
