import { randomUUID } from "node:crypto";
import { type Handlers, type RequestContext, ok } from "../context.js";
import { Fault, badRequest, conflict, notFound } from "../faults.js";
import { isoMicro, requireAdmin } from "./common.js";
import { type AggregateRecord, aggregateStore as store, computeServiceOf } from "./stores.js";

function view(a: AggregateRecord) {
  return { id: a.id, uuid: a.uuid, name: a.name, availability_zone: a.availability_zone, hosts: a.hosts, metadata: a.metadata, created_at: a.created_at, updated_at: a.updated_at, deleted: false, deleted_at: null };
}

function find(ctx: RequestContext, rule: string): AggregateRecord {
  requireAdmin(ctx, rule);
  const text = ctx.params.aggregate_id!;
  if (!/^-?\d+$/.test(text)) throw badRequest(`Invalid input for field/attribute aggregate_id. Value: ${text}. '${text}' is not of type 'integer'`);
  const a = store(ctx.state).byId.get(Number(text));
  if (!a) throw notFound(`Aggregate ${text} could not be found.`);
  return a;
}

function setZone(a: AggregateRecord, zone: string | null | undefined): void {
  if (zone === undefined) return;
  a.availability_zone = zone;
  if (zone === null) delete a.metadata.availability_zone;
  else a.metadata.availability_zone = zone;
}

function checkName(ctx: RequestContext, name: string, self?: AggregateRecord): void {
  if ([...store(ctx.state).byId.values()].some((x) => x !== self && x.name === name)) throw conflict(`Aggregate ${name} already exists.`);
}

const touched = (a: AggregateRecord) => {
  a.updated_at = isoMicro();
  return ok({ aggregate: view(a) });
};

export const aggregateHandlers: Handlers = {
  listAggregates: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-aggregates:index");
    return ok({ aggregates: [...store(ctx.state).byId.values()].map(view) });
  },
  createAggregate: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-aggregates:create");
    const b = (ctx.body as { aggregate: { name: string; availability_zone?: string | null } }).aggregate;
    checkName(ctx, b.name);
    const s = store(ctx.state);
    const a: AggregateRecord = { id: s.next++, uuid: randomUUID(), name: b.name, availability_zone: null, hosts: [], metadata: {}, created_at: isoMicro(), updated_at: null };
    setZone(a, b.availability_zone ?? undefined);
    s.byId.set(a.id, a);
    // Nova's create reply leaves out hosts and metadata ("to maintain the same API result").
    const { hosts: _hosts, metadata: _metadata, ...created } = view(a);
    return ok({ aggregate: created });
  },
  showAggregate: (ctx) => ok({ aggregate: view(find(ctx, "os_compute_api:os-aggregates:show")) }),
  updateAggregate: (ctx) => {
    const a = find(ctx, "os_compute_api:os-aggregates:update");
    const b = (ctx.body as { aggregate: { name?: string; availability_zone?: string | null } }).aggregate;
    if (b.name !== undefined) {
      checkName(ctx, b.name, a);
      a.name = b.name;
    }
    setZone(a, b.availability_zone);
    return touched(a);
  },
  deleteAggregate: (ctx) => {
    const a = find(ctx, "os_compute_api:os-aggregates:delete");
    if (a.hosts.length > 0) throw badRequest(`Cannot perform action 'delete' on aggregate ${a.id}. Reason: Host aggregate is not empty.`);
    store(ctx.state).byId.delete(a.id);
    return { status: 200 };
  },
  "aggregateAction.add_host": (ctx) => {
    const a = find(ctx, "os_compute_api:os-aggregates:add_host");
    const { host } = ctx.body as { host: string };
    if (!computeServiceOf(ctx.state, host)) throw notFound(`Compute host ${host} could not be found.`);
    if (a.hosts.includes(host)) throw conflict(`Aggregate ${a.id} already has host ${host}.`);
    a.hosts.push(host);
    return touched(a);
  },
  "aggregateAction.remove_host": (ctx) => {
    const a = find(ctx, "os_compute_api:os-aggregates:remove_host");
    const { host } = ctx.body as { host: string };
    if (!a.hosts.includes(host)) throw notFound(`Aggregate ${a.id} has no host ${host}.`);
    a.hosts = a.hosts.filter((h) => h !== host);
    return touched(a);
  },
  "aggregateAction.set_metadata": (ctx) => {
    const a = find(ctx, "os_compute_api:os-aggregates:set_metadata");
    const { metadata } = ctx.body as { metadata: Record<string, string | null> };
    for (const [k, v] of Object.entries(metadata)) {
      if (k === "availability_zone") setZone(a, v);
      else if (v === null) delete a.metadata[k];
      else a.metadata[k] = v;
    }
    return touched(a);
  },
  cacheAggregateImages: (ctx) => {
    find(ctx, "compute:aggregates:images");
    const { cache } = ctx.body as { cache: { id: string }[] };
    const ids = cache.map((c) => c.id);
    if (new Set(ids).size !== ids.length) throw badRequest("Duplicate images in request");
    for (const id of ids) if (!ctx.state.images.has(id)) throw new Fault(400, "badRequest", `Image ${id} could not be found.`);
    return { status: 202 };
  },
};
