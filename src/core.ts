/**
 * nova-ts's core: everything but what needs Node. It runs on the standard fetch in browsers, Deno,
 * Bun and Node, and is what "nova-ts" resolves to outside Node (the package's "browser" and
 * "default" conditions).
 */
export { createNovaClient, type NovaClient, type NovaClientOptions, type NovaResources } from "./resources/nova-client.js";
export { AmbiguousMatchError, NoMatchError, NovaApiError, NovaClientError, type NovaErrorKind, isNotFound } from "./core/errors.js";
export type { CallArgs, CallInput, CallOptions, CallResult, OperationIdAt, SchemaAt } from "./client/call-types.js";
export type { ComputeClient } from "./client/create.js";
export type { CloudConfig } from "./client/cloud-config.js";
export type { TokenStore } from "./client/session.js";
export type { SpecMismatch } from "./client/middleware/validate.js";
export type { WaitOptions } from "./resources/servers.js";
export { operations, microversions, type OperationId } from "../generated/operations.js";
export type { components, paths } from "../generated/schema.js";
