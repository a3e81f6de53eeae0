import { type ComputeClient, type ComputeClientOptions, createComputeClient } from "../client/create.js";
import { type BoundHelpers, bindHelpers } from "./bind.js";
import { type Call, type Found, findWith } from "./find.js";
import { flavorExtras } from "./flavors.js";
import { imageLookups } from "./images.js";
import { networkLookups } from "./networks.js";
import { serverExtras } from "./servers.js";

export type NovaClientOptions = ComputeClientOptions;

/** Typed resource helpers (generated from the spec) plus the hand-written lookups and pagers. */
export type NovaResources = Omit<BoundHelpers, "flavors" | "servers"> & {
  flavors: BoundHelpers["flavors"] & ReturnType<typeof flavorExtras>;
  servers: BoundHelpers["servers"] & ReturnType<typeof serverExtras>;
  /** Glance's images (the CLI's lookups), beside `images`, the Compute API's own image proxy. */
  glance: ReturnType<typeof imageLookups>;
  /** Neutron's networks (not the Compute API's os-networks proxy, which `networks` is). */
  neutron: ReturnType<typeof networkLookups>;
  find(resource: string, nameOrId: string, filters?: Record<string, unknown>): Promise<Found>;
};

export type NovaClient = ComputeClient & NovaResources;

export function withResources(compute: ComputeClient): NovaClient {
  const h = bindHelpers(compute);
  const call = compute.call as Call;
  return Object.assign(Object.create(null) as object, compute, h, {
    flavors: { ...h.flavors, ...flavorExtras(h, call) },
    servers: { ...h.servers, ...serverExtras(h, call) },
    glance: imageLookups(compute),
    neutron: networkLookups(compute),
    /** Any resource the spec declares an x-lookup for, by name or id, as python-novaclient finds it. */
    find: (resource: string, nameOrId: string, filters?: Record<string, unknown>) => findWith(call, resource, nameOrId, filters),
  }) as NovaClient;
}

/**
 * Connects to a cloud: Keystone v3 auth and catalog, microversion negotiation, then the typed
 * client with one helper per resource, e.g. `(await createNovaClient(opts)).flavors.list()`.
 */
export async function createNovaClient(options: NovaClientOptions): Promise<NovaClient> {
  return withResources(await createComputeClient(options));
}
