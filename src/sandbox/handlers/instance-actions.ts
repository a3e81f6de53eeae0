import { type Handlers, type RequestContext, ok } from "../context.js";
import { page } from "./paging.js";
import { notFound } from "../faults.js";
import { type InstanceActionRecord, atLeast, hostIdOf, instanceActions } from "./common.js";
import { settleLiveMigrations } from "./stores.js";

/** A server's actions, also once it is deleted (2.21+), for its project or an admin. */
function actionsOf(ctx: RequestContext): { serverId: string; actions: InstanceActionRecord[] } {
  settleLiveMigrations(ctx.state);
  const id = ctx.params.server_id!;
  const s = ctx.state.servers.get(id);
  const actions = instanceActions(ctx.state).get(id) ?? [];
  const project = s?.project_id ?? actions[0]?.project_id;
  const visible = s ? true : atLeast(ctx, "2.21") && actions.length > 0;
  if (!visible || (!ctx.isAdmin && project !== ctx.user.project.id)) throw notFound(`Instance ${id} could not be found.`);
  return { serverId: id, actions };
}

function summary(a: InstanceActionRecord) {
  const { events: _e, ...rest } = a;
  return rest;
}

export const instanceActionHandlers: Handlers = {
  listInstanceActions: (ctx) => {
    const { serverId, actions } = actionsOf(ctx);
    let items = [...actions].reverse();
    let next: { rel: string; href: string }[] | undefined;
    if (atLeast(ctx, "2.58")) {
      const q = ctx.query;
      const since = q.get("changes-since")?.replace(/Z$|\+00:00$/, "");
      const before = q.get("changes-before")?.replace(/Z$|\+00:00$/, "");
      items = items.filter((a) => (!since || a.updated_at >= since) && (!before || a.updated_at <= before));
      ({ items, links: next } = page(items, ctx, `/servers/${serverId}/os-instance-actions`, (m) => `Marker ${m} could not be found.`, (a) => a.request_id));
    }
    return ok({ instanceActions: items.map(summary), ...(next ? { links: next } : {}) });
  },
  showInstanceAction: (ctx) => {
    const { serverId, actions } = actionsOf(ctx);
    const a = actions.find((x) => x.request_id === ctx.params.request_id);
    if (!a) throw notFound(`Action for request_id ${ctx.params.request_id!} on instance ${serverId} not found`);
    const showEvents = ctx.isAdmin || atLeast(ctx, "2.51");
    const events = [...a.events].reverse().map((e) => {
      const { traceback, host, details, ...rest } = e;
      return { ...rest, hostId: hostIdOf(a.project_id, e.host), ...(ctx.isAdmin ? { traceback, host, details } : {}) };
    });
    return ok({ instanceAction: { ...summary(a), ...(showEvents ? { events } : {}) } });
  },
};
