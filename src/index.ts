/** nova-ts: a typed client for the OpenStack Compute API, generated from its OpenAPI spec. */
export { createNovaClient, type NovaClient, type NovaClientOptions, type NovaResources } from "./resources/nova-client.js";
export { NoMatchError, NovaApiError, NovaClientError, isNotFound } from "./core/errors.js";
export type { CallArgs, CallInput, CallOptions, CallResult } from "./client/call-types.js";
export type { ComputeClient } from "./client/create.js";
export type { TokenStore } from "./client/session.js";
export { FileTokenCache } from "./client/token-cache.js";
export type { SpecMismatch } from "./client/middleware/validate.js";
export type { WaitOptions } from "./resources/servers.js";
export { operations, microversions, type OperationId } from "../generated/operations.js";
export type { components, paths } from "../generated/schema.js";
