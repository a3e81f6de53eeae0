import { createComputeClient } from "../client/create.js";
import { type NodeClientOptions, nodeOptions } from "../client/node.js";
import { type CreatedClient, withResources } from "./nova-client.js";

export type NovaClientOptions = NodeClientOptions;

/**
 * createNovaClient as Node (and Deno and Bun) has it: the core's, plus a cloud named in
 * clouds.yaml, TLS options, and validateResponses with the bundled spec.
 */
export async function createNovaClient<const V extends string = "2.latest">(options: NovaClientOptions & { microversion?: V }): CreatedClient<V> {
  return withResources<V>(await createComputeClient(await nodeOptions(options)));
}
