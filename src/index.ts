/**
 * nova-ts: a typed client for the OpenStack Compute API, generated from its OpenAPI spec. This is
 * the entry of Node, Deno and Bun (the "node" condition): the core, whose createNovaClient here
 * also reads clouds.yaml, makes TLS connections with --insecure/--os-cacert settings and loads
 * the bundled spec for validateResponses, plus the file token cache.
 */
export * from "./core.js";
export { createNovaClient, type NovaClientOptions } from "./resources/node-client.js";
export { FileTokenCache } from "./client/token-cache.js";
