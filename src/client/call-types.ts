import type { ResponseObjectMap, SuccessResponse } from "openapi-typescript-helpers";
import type { OperationId, operations } from "../../generated/operations.js";
import type { components, paths } from "../../generated/schema.js";

type Ops = typeof operations;
type Route<Id extends OperationId> = Ops[Id]["path"] extends infer P extends keyof paths
  ? Ops[Id]["method"] extends infer M extends keyof paths[P]
    ? paths[P][M]
    : never
  : never;

/** The `path` or `query` member of an operation's parameters; {} when it has none. */
type Part<P, K extends "path" | "query"> = P extends { [k in K]?: infer V }
  ? [NonNullable<V>] extends [never]
    ? {}
    : NonNullable<V>
  : {};
type Params<R> = R extends { parameters: infer P } ? Part<P, "path"> & Part<P, "query"> : {};

type JsonBody<R> = R extends { requestBody?: infer RB }
  ? [NonNullable<RB>] extends [never]
    ? never
    : NonNullable<RB> extends { content: { "application/json": infer B } }
      ? B
      : never
  : never;
type ActionBody<Id extends OperationId> = Ops[Id] extends { bodySchema: infer S extends keyof components["schemas"]; action: infer A extends string }
  ? components["schemas"][S] extends { [k in A]: infer Inner } ? Inner : never
  : never;
type Body<Id extends OperationId> = Ops[Id] extends { action: string } ? ActionBody<Id> : JsonBody<Route<Id>>;

/** The one argument of an operation call: its path and query parameters, flat, plus `body`. */
export type CallInput<Id extends OperationId> = Params<Route<Id>> & ([Body<Id>] extends [never] ? {} : { body: Body<Id> });

type RouteResult<Id extends OperationId> = ResponseObjectMap<Route<Id>> extends infer R extends Record<string | number, unknown>
  ? SuccessResponse<R, "application/json">
  : never;

/** An action's own reply (actions share one endpoint, so its reply type is the union of all). */
/** What an operation answers on success (its 2xx JSON body; undefined when there is none). */
export type CallResult<Id extends OperationId> = Ops[Id] extends { replySchema: infer S extends keyof components["schemas"] }
  ? components["schemas"][S]
  : Ops[Id] extends { replySchema: null }
    ? undefined
    : RouteResult<Id>;

/** What a call may be given besides its input. */
export interface CallOptions {
  /** Aborts the request (and any retry of it): the call rejects with the signal's AbortError. */
  signal?: AbortSignal;
}

/** Inputs that may be left out entirely because nothing in them is required. */
export type CallArgs<Id extends OperationId> = {} extends CallInput<Id> ? [input?: CallInput<Id>, options?: CallOptions] : [input: CallInput<Id>, options?: CallOptions];
