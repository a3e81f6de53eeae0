import { type ComputeClient, type ComputeClientOptions, createComputeClient } from "../client/create.js";
import { type BoundHelpers, bindHelpers } from "./bind.js";
import { type Call, type Found, findWith } from "./find.js";
import { type FlavorExtras, flavorExtras } from "./flavors.js";
import { imageLookups } from "./images.js";
import { networkLookups } from "./networks.js";
import { type ServerExtras, serverExtras } from "./servers.js";

export type NovaClientOptions = ComputeClientOptions;

/** Typed resource helpers and pagers (generated from the spec) plus the hand-written lookups and waits. */
export type NovaResources<V extends string = "2.latest"> = Omit<BoundHelpers<V>, "flavors" | "servers"> & {
  flavors: BoundHelpers<V>["flavors"] & FlavorExtras<V>;
  servers: BoundHelpers<V>["servers"] & ServerExtras<V>;
  /** Glance's images (the CLI's lookups), beside `images`, the Compute API's own image proxy. */
  glance: ReturnType<typeof imageLookups>;
  /** Neutron's networks (not the Compute API's os-networks proxy, which `networks` is). */
  neutron: ReturnType<typeof networkLookups>;
  find(resource: string, nameOrId: string, filters?: Record<string, unknown>): Promise<Found>;
};

/** A client; pinned to a microversion given as a literal, typed as the API is at that version (see ComputeClient). */
export type NovaClient<V extends string = "2.latest"> = ComputeClient<V> & NovaResources<V>;

/** The resources over a client, typed for V, the microversion it was pinned to. */
export function withResources<V extends string = "2.latest">(compute: ComputeClient): NovaClient<V> {
  const h = bindHelpers(compute);
  const call = compute.call as Call;
  const client: object = Object.assign(Object.create(null) as object, compute, h, {
    flavors: { ...h.flavors, ...flavorExtras(call) },
    servers: { ...h.servers, ...serverExtras(h, call) },
    glance: imageLookups(compute),
    neutron: networkLookups(compute),
    /** Any resource the spec declares an x-lookup for, by name or id, as python-novaclient finds it. */
    find: (resource: string, nameOrId: string, filters?: Record<string, unknown>) => findWith(call, resource, nameOrId, filters),
  });
  // The same methods serve every microversion: V narrows only their types.
  return client as NovaClient<V>;
}

/**
 * What createNovaClient resolves to. V comes from the `microversion` given, never from the type
 * the caller expects: inferring it from there walks every helper's type.
 */
export type CreatedClient<V extends string> = Promise<NoInfer<NovaClient<V>>>;

/**
 * Connects to a cloud: Keystone v3 auth and catalog, microversion negotiation, then the typed
 * client with one helper per resource, e.g. `(await createNovaClient(opts)).flavors.list()`.
 */
export async function createNovaClient<const V extends string = "2.latest">(options: NovaClientOptions & { microversion?: V }): CreatedClient<V> {
  return withResources<V>(await createComputeClient(options));
}
