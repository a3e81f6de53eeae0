import { randomUUID } from "node:crypto";
import { compareVersions, parseVersion } from "../../core/version.js";
import { type Handlers, type RequestContext, noContent, ok } from "../context.js";
import { badRequest, conflict, forbidden, notFound } from "../faults.js";
import type { FlavorRecord } from "../state.js";
import { page } from "./paging.js";

const V2_75 = parseVersion("2.75");

function links(ctx: RequestContext, id: string) {
  return [
    { rel: "self", href: `${ctx.endpoint}/flavors/${id}` },
    { rel: "bookmark", href: `${ctx.endpoint.replace(/\/v2\.1$/, "")}/flavors/${id}` },
  ];
}

/** The full flavor record; the server trims it to the request's microversion using the spec. */
export function flavorView(f: FlavorRecord, ctx: RequestContext) {
  return {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    swap: f.swap === 0 && compareVersions(ctx.version, V2_75) < 0 ? "" : f.swap,
    "OS-FLV-EXT-DATA:ephemeral": f.ephemeral,
    "OS-FLV-DISABLED:disabled": f.disabled,
    vcpus: f.vcpus,
    "os-flavor-access:is_public": f.is_public,
    rxtx_factor: f.rxtx_factor,
    links: links(ctx, f.id),
    description: f.description,
    extra_specs: f.extra_specs,
  };
}

function requireAdmin(ctx: RequestContext, rule: string): void {
  if (!ctx.isAdmin) throw forbidden(rule);
}

export function getFlavor(ctx: RequestContext, id = ctx.params.flavor_id!): FlavorRecord {
  const f = ctx.state.flavors.get(id);
  if (!f || (!f.is_public && !ctx.isAdmin && !f.access.includes(ctx.user.project.id))) throw notFound(`Flavor ${id} could not be found.`);
  return f;
}

/** Nova's _parse_is_public: absent means public only; "none" means both. */
function isPublicFilter(ctx: RequestContext): boolean | null {
  const text = ctx.query.get("is_public");
  if (!ctx.isAdmin || text === null) return true;
  const t = text.toLowerCase();
  if (t === "none") return null;
  if (["1", "t", "true", "on", "y", "yes"].includes(t)) return true;
  if (["0", "f", "false", "off", "n", "no"].includes(t)) return false;
  throw badRequest(`Invalid is_public filter [${text}]`);
}

const SORT_KEYS: Record<string, (f: FlavorRecord) => string | number | boolean | null> = {
  flavorid: (f) => f.id,
  id: (f) => f.id,
  name: (f) => f.name,
  memory_mb: (f) => f.ram,
  root_gb: (f) => f.disk,
  ephemeral_gb: (f) => f.ephemeral,
  vcpus: (f) => f.vcpus,
  swap: (f) => f.swap,
  rxtx_factor: (f) => f.rxtx_factor,
  is_public: (f) => f.is_public,
  disabled: (f) => f.disabled,
  description: (f) => f.description,
};

function listed(ctx: RequestContext): FlavorRecord[] {
  const pub = isPublicFilter(ctx);
  const minRam = Number(ctx.query.get("minRam") ?? 0);
  const minDisk = Number(ctx.query.get("minDisk") ?? 0);
  if (Number.isNaN(minRam) || Number.isNaN(minDisk)) throw badRequest("Invalid minRam or minDisk filter");
  const project = ctx.user.project.id;
  const key = SORT_KEYS[ctx.query.get("sort_key") ?? "flavorid"] ?? SORT_KEYS.flavorid!;
  const dir = ctx.query.get("sort_dir") === "desc" ? -1 : 1;
  return [...ctx.state.flavors.values()]
    .filter((f) => pub === null || f.is_public === pub || (pub && !ctx.isAdmin && f.access.includes(project)))
    .filter((f) => f.ram >= minRam && f.disk >= minDisk && (ctx.isAdmin || !f.disabled))
    .sort((a, b) => {
      const x = key(a) ?? "";
      const y = key(b) ?? "";
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
}

const markerMessage = (m: string) => `Marker ${m} could not be found.`;

function accessList(f: FlavorRecord) {
  return { flavor_access: f.access.map((tenant_id) => ({ flavor_id: f.id, tenant_id })) };
}

/** Nova's db.MAX_INT. */
const MAX_INT = 2147483647;

type Create = { flavor: { name: string; id?: string | null; ram: number | string; vcpus: number | string; disk: number | string; swap?: number | string; "OS-FLV-EXT-DATA:ephemeral"?: number | string; rxtx_factor?: number | string; "os-flavor-access:is_public"?: boolean | string; description?: string | null } };

export const flavorHandlers: Handlers = {
  listFlavors: (ctx) => {
    const { items, links: next } = page(listed(ctx), ctx, "/flavors", markerMessage);
    return ok({ flavors: items.map((f) => ({ id: f.id, name: f.name, links: links(ctx, f.id), description: f.description })), ...(next ? { flavors_links: next } : {}) });
  },
  listFlavorsDetail: (ctx) => {
    const { items, links: next } = page(listed(ctx), ctx, "/flavors/detail", markerMessage);
    return ok({ flavors: items.map((f) => flavorView(f, ctx)), ...(next ? { flavors_links: next } : {}) });
  },
  showFlavor: (ctx) => ok({ flavor: flavorView(getFlavor(ctx), ctx) }),
  createFlavor: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:create");
    const { flavor: b } = ctx.body as Create;
    // The spec's maximum holds for numbers; Nova converts a numeric string and checks it too.
    for (const key of ["ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap"] as const) {
      const v = b[key];
      if (typeof v === "string" && v !== "" && Number(v) > MAX_INT) throw badRequest(`Invalid input for field/attribute ${key}. Value: ${v}. ${v} is greater than the maximum of ${MAX_INT}`);
    }
    const id = b.id ?? randomUUID();
    const flavors = ctx.state.flavors;
    if ([...flavors.values()].some((f) => f.name === b.name)) throw conflict(`Flavor with name ${b.name} already exists.`);
    if (flavors.has(id)) throw conflict(`Flavor with ID ${id} already exists.`);
    const isPublic = b["os-flavor-access:is_public"];
    const f: FlavorRecord = {
      id,
      name: b.name,
      ram: Number(b.ram),
      vcpus: Number(b.vcpus),
      disk: Number(b.disk),
      swap: Number(b.swap ?? 0),
      ephemeral: Number(b["OS-FLV-EXT-DATA:ephemeral"] ?? 0),
      rxtx_factor: Number(b.rxtx_factor ?? 1),
      is_public: isPublic === undefined ? true : typeof isPublic === "boolean" ? isPublic : ["1", "t", "true", "on", "y", "yes"].includes(isPublic.toLowerCase()),
      disabled: false,
      description: b.description ?? null,
      extra_specs: {},
      access: [],
    };
    flavors.set(id, f);
    return ok({ flavor: flavorView(f, ctx) });
  },
  updateFlavor: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:update");
    const f = getFlavor(ctx);
    f.description = (ctx.body as { flavor: { description: string | null } }).flavor.description;
    return ok({ flavor: flavorView(f, ctx) });
  },
  deleteFlavor: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-manage:delete");
    const f = getFlavor(ctx);
    ctx.state.flavors.delete(f.id);
    return noContent(202);
  },
  listFlavorExtraSpecs: (ctx) => ok({ extra_specs: getFlavor(ctx).extra_specs }),
  setFlavorExtraSpecs: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-extra-specs:create");
    const f = getFlavor(ctx);
    const specs = Object.fromEntries(Object.entries((ctx.body as { extra_specs: Record<string, unknown> }).extra_specs).map(([k, v]) => [k, String(v)]));
    Object.assign(f.extra_specs, specs);
    return ok({ extra_specs: specs });
  },
  showFlavorExtraSpec: (ctx) => {
    const f = getFlavor(ctx);
    const key = ctx.params.flavor_extra_spec_key!;
    if (!(key in f.extra_specs)) throw notFound(`Flavor ${f.id} has no extra specs with key ${key}.`);
    return ok({ [key]: f.extra_specs[key] });
  },
  updateFlavorExtraSpec: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-extra-specs:update");
    const f = getFlavor(ctx);
    const key = ctx.params.flavor_extra_spec_key!;
    const body = ctx.body as Record<string, unknown>;
    if (!(key in body)) throw badRequest("Request body and URI mismatch");
    f.extra_specs[key] = String(body[key]);
    return ok({ [key]: f.extra_specs[key] });
  },
  deleteFlavorExtraSpec: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-extra-specs:delete");
    const f = getFlavor(ctx);
    const key = ctx.params.flavor_extra_spec_key!;
    if (!(key in f.extra_specs)) throw notFound(`Flavor ${f.id} has no extra specs with key ${key}.`);
    delete f.extra_specs[key];
    return noContent(200);
  },
  listFlavorAccess: (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-access");
    const f = getFlavor(ctx);
    if (f.is_public) throw notFound("Access list not available for public flavors.");
    return ok(accessList(f));
  },
  "flavorAction.addTenantAccess": (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-access:add_tenant_access");
    const f = getFlavor(ctx);
    const tenant = (ctx.body as { tenant: string }).tenant;
    if (f.is_public) throw conflict("Can not add access to a public flavor.");
    if (f.access.includes(tenant)) throw conflict(`Flavor access already exists for flavor ${f.id} and project ${tenant} combination.`);
    f.access.push(tenant);
    return ok(accessList(f));
  },
  "flavorAction.removeTenantAccess": (ctx) => {
    requireAdmin(ctx, "os_compute_api:os-flavor-access:remove_tenant_access");
    const f = getFlavor(ctx);
    const tenant = (ctx.body as { tenant: string }).tenant;
    if (!f.access.includes(tenant)) throw notFound(`Flavor access not found for ${f.id} / ${tenant} combination.`);
    f.access = f.access.filter((t) => t !== tenant);
    return ok(accessList(f));
  },
};
