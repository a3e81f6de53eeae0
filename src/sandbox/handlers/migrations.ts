import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, notFound } from "../faults.js";
import { atLeast, checkState, isoMicro, recordAction, requireAdmin } from "./common.js";
import { page } from "./paging.js";
import { getServer } from "./servers.js";
import { type MigrationRecord, finishLiveMigration, migrationStore, settleLiveMigrations } from "./stores.js";

// os-migrations (every migration, admin) and servers/{id}/migrations (in-progress live migrations).

const IN_PROGRESS = ["queued", "preparing", "running", "post-migrating"];
const inProgressLive = (m: MigrationRecord) => m.migration_type === "live-migration" && IN_PROGRESS.includes(m.status);

function linksOf(ctx: RequestContext, m: MigrationRecord) {
  const root = ctx.endpoint.replace(/\/v2\.1$/, "");
  const path = `servers/${m.instance_uuid}/migrations/${m.id}`;
  return [
    { rel: "self", href: `${ctx.endpoint}/${path}` },
    { rel: "bookmark", href: `${root}/${path}` },
  ];
}

function migrationView(ctx: RequestContext, m: MigrationRecord) {
  const { finishes_at: _f, ...record } = m;
  return { ...record, ...(inProgressLive(m) ? { links: linksOf(ctx, m) } : {}) };
}

/** A live migration's progress, made up from how far along it is. */
function serverMigrationView(m: MigrationRecord) {
  const total = 1073741824;
  const done = m.status === "running" ? Math.floor(total / 2) : 0;
  return {
    id: m.id,
    uuid: m.uuid,
    server_uuid: m.instance_uuid,
    status: m.status,
    source_compute: m.source_compute,
    source_node: m.source_node,
    dest_compute: m.dest_compute,
    dest_node: m.dest_node,
    dest_host: m.dest_host,
    created_at: m.created_at,
    updated_at: m.updated_at,
    memory_total_bytes: total,
    memory_processed_bytes: done,
    memory_remaining_bytes: total - done,
    disk_total_bytes: 0,
    disk_processed_bytes: 0,
    disk_remaining_bytes: 0,
    user_id: m.user_id,
    project_id: m.project_id,
  };
}

function findMigration(ctx: RequestContext, serverId: string): MigrationRecord {
  const id = ctx.params.migration_id!;
  const m = migrationStore(ctx.state).list.find((x) => String(x.id) === id && x.instance_uuid === serverId);
  if (!m || !inProgressLive(m)) throw notFound(`Migration ${id} for instance ${serverId} could not be found.`);
  return m;
}

export const migrationHandlers: Handlers = {
  listMigrations: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-migrations:index");
    settleLiveMigrations(ctx.state);
    const q = ctx.query;
    const tests: ((m: MigrationRecord) => boolean)[] = [
      (m) => !q.get("host") || m.source_compute === q.get("host") || m.dest_compute === q.get("host"),
      (m) => !q.get("instance_uuid") || m.instance_uuid === q.get("instance_uuid"),
      (m) => !q.get("source_compute") || m.source_compute === q.get("source_compute"),
      (m) => !q.get("status") || m.status === q.get("status"),
      (m) => !q.get("migration_type") || m.migration_type === q.get("migration_type"),
      (m) => !q.get("changes-since") || m.updated_at >= q.get("changes-since")!.replace("Z", ""),
      (m) => !q.get("changes-before") || m.updated_at <= q.get("changes-before")!.replace("Z", ""),
      (m) => !atLeast(ctx, "2.80") || !q.get("user_id") || m.user_id === q.get("user_id"),
      (m) => !atLeast(ctx, "2.80") || !q.get("project_id") || m.project_id === q.get("project_id"),
      // Every migration the sandbox makes is visible (hidden=0).
      () => q.get("hidden") !== "1",
    ];
    let items = migrationStore(ctx.state).list.filter((m) => tests.every((t) => t(m)));
    let next: { rel: string; href: string }[] | undefined;
    if (atLeast(ctx, "2.59")) {
      items = [...items].sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1));
      ({ items, links: next } = page(items, ctx, "/os-migrations", (m) => `Marker ${m} could not be found.`, (m) => m.uuid));
    }
    return ok({ migrations: items.map((m) => migrationView(ctx, m)), ...(next ? { migrations_links: next } : {}) });
  },
  listServerMigrations: (ctx) => {
    requireAdmin(ctx, "os_compute_api:servers:migrations:index");
    const s = getServer(ctx);
    return ok({ migrations: migrationStore(ctx.state).list.filter((m) => m.instance_uuid === s.id && inProgressLive(m)).map(serverMigrationView) });
  },
  showServerMigration: (ctx) => {
    requireAdmin(ctx, "os_compute_api:servers:migrations:show");
    const s = getServer(ctx);
    return ok({ migration: serverMigrationView(findMigration(ctx, s.id)) });
  },
  deleteServerMigration: (ctx) => {
    requireAdmin(ctx, "os_compute_api:servers:migrations:delete");
    const s = getServer(ctx);
    const m = findMigration(ctx, s.id);
    const abortable = atLeast(ctx, "2.65") ? ["queued", "preparing", "running"] : ["running"];
    if (!abortable.includes(m.status)) {
      throw badRequest(`Migration ${m.id} state of instance ${s.id} is ${m.status}. Cannot abort live migration while the migration is in this state.`);
    }
    finishLiveMigration(ctx.state, m, "cancelled");
    recordAction(ctx, s, "live_migration_cancel");
    return noContent(202);
  },
  "serverMigrationAction.force_complete": (ctx) => {
    requireAdmin(ctx, "os_compute_api:servers:migrations:force_complete");
    const s = getServer(ctx);
    checkState(s, "force_complete", ["active", "paused"], ["migrating"]);
    const m = migrationStore(ctx.state).list.find((x) => String(x.id) === ctx.params.migration_id && x.instance_uuid === s.id);
    if (!m) throw notFound(`Migration ${ctx.params.migration_id!} for instance ${s.id} could not be found.`);
    if (m.status !== "running") throw badRequest(`Migration ${m.id} state of instance ${s.id} is ${m.status}. Cannot force complete while the migration is in this state.`);
    finishLiveMigration(ctx.state, m, "completed");
    m.updated_at = isoMicro();
    recordAction(ctx, s, "live_migration_force_complete");
    return noContent(202);
  },
};

