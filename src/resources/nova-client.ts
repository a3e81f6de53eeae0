import { type ComputeClient, type ComputeClientOptions, createComputeClient } from "../client/create.js";
import { type BoundHelpers, bindHelpers } from "./bind.js";
import { flavorExtras } from "./flavors.js";
import { imageLookups } from "./images.js";
import { serverExtras } from "./servers.js";

export type NovaClientOptions = ComputeClientOptions;

/** Typed resource helpers (generated from the spec) plus the hand-written lookups and pagers. */
export type NovaResources = Omit<BoundHelpers, "flavors" | "servers"> & {
  flavors: BoundHelpers["flavors"] & ReturnType<typeof flavorExtras>;
  servers: BoundHelpers["servers"] & ReturnType<typeof serverExtras>;
  images: ReturnType<typeof imageLookups>;
};

export type NovaClient = ComputeClient & NovaResources;

export function withResources(compute: ComputeClient): NovaClient {
  const h = bindHelpers(compute);
  return Object.assign(Object.create(null) as object, compute, h, {
    flavors: { ...h.flavors, ...flavorExtras(h) },
    servers: { ...h.servers, ...serverExtras(h) },
    images: imageLookups(compute),
  }) as NovaClient;
}

/**
 * Connects to a cloud: Keystone v3 auth and catalog, microversion negotiation, then the typed
 * client with one helper per resource, e.g. `(await createNovaClient(opts)).flavors.list()`.
 */
export async function createNovaClient(options: NovaClientOptions): Promise<NovaClient> {
  return withResources(await createComputeClient(options));
}
