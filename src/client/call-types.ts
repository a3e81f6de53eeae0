import type { ResponseObjectMap, SuccessResponse } from "openapi-typescript-helpers";
import type { OperationId, Operations } from "../../generated/operations.js";
import type { components, paths } from "../../generated/schema.js";
import type { Band, BandOf, Bodies, OperationAt, Queries, Replies, Schemas } from "../../generated/versioned.js";

type Ops = Operations;
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

/*
 * V, the microversion a client is pinned to: a literal "2.N" the spec knows gives the types of
 * its band B (generated/versioned.ts: where something changes with the version); "2.latest" or a
 * `string` known only at run time gives the union of every version's, schema.ts's types. Each
 * public type picks one of the two first: once V is known, it costs what that one costs.
 */
type WithBody<P, B> = P & ([B] extends [never] ? {} : { body: B });
type UnionInput<Id extends OperationId> = WithBody<Params<Route<Id>>, Body<Id>>;
type InputAt<Id extends OperationId, B extends Band> = WithBody<
  [Id] extends [keyof Queries<B>] ? (Route<Id> extends { parameters: infer P } ? Part<P, "path"> : {}) & Queries<B>[Id & keyof Queries<B>] : Params<Route<Id>>,
  [Id] extends [keyof Bodies<B>] ? Bodies<B>[Id & keyof Bodies<B>] : Body<Id>
>;

/** The one argument of an operation call: its path and query parameters, flat, plus `body`. */
export type CallInput<Id extends OperationId, V extends string = "2.latest"> = V extends keyof BandOf ? InputAt<Id, BandOf[V]> : UnionInput<Id>;

type RouteResult<Id extends OperationId> = ResponseObjectMap<Route<Id>> extends infer R extends Record<string | number, unknown>
  ? SuccessResponse<R, "application/json">
  : never;

/** What an operation answers on success at every microversion (an action: its own reply, not the endpoint's). */
type UnionResult<Id extends OperationId> = Ops[Id] extends { replySchema: infer S extends keyof components["schemas"] }
  ? components["schemas"][S]
  : Ops[Id] extends { replySchema: null }
    ? undefined
    : RouteResult<Id>;
type ResultAt<Id extends OperationId, B extends Band> = [Id] extends [keyof Replies<B>] ? Replies<B>[Id & keyof Replies<B>] : UnionResult<Id>;

/** What an operation answers on success (its 2xx JSON body; undefined when there is none). */
export type CallResult<Id extends OperationId, V extends string = "2.latest"> = V extends keyof BandOf ? ResultAt<Id, BandOf[V]> : UnionResult<Id>;

/** The operations a client pinned to microversion V may call (all of them, unpinned). */
export type OperationIdAt<V extends string = "2.latest"> = V extends keyof BandOf ? OperationAt<BandOf[V]> : OperationId;

/** A schema of components.schemas as it is at microversion V, e.g. SchemaAt<"Server", "2.47">. */
export type SchemaAt<Name extends keyof components["schemas"], V extends string = "2.latest"> = V extends keyof BandOf
  ? [Name] extends [keyof Schemas<BandOf[V]>]
    ? Schemas<BandOf[V]>[Name & keyof Schemas<BandOf[V]>]
    : components["schemas"][Name]
  : components["schemas"][Name];

/** What a call may be given besides its input. */
export interface CallOptions {
  /** Aborts the request (and any retry of it): the call rejects with the signal's AbortError. */
  signal?: AbortSignal;
}

/** Inputs that may be left out entirely because nothing in them is required. */
type Args<Input> = {} extends Input ? [input?: Input, options?: CallOptions] : [input: Input, options?: CallOptions];
export type CallArgs<Id extends OperationId, V extends string = "2.latest"> = V extends keyof BandOf ? Args<InputAt<Id, BandOf[V]>> : Args<UnionInput<Id>>;

/** ComputeClient's `call` at microversion V: pinned, only the operations that exist at V, typed as they are there. */
export type CallMethod<V extends string = "2.latest"> = V extends keyof BandOf ? CallAt<BandOf[V]> : <Id extends OperationId>(id: Id, ...args: Args<UnionInput<Id>>) => Promise<UnionResult<Id>>;
type CallAt<B extends Band> = <Id extends OperationAt<B>>(id: Id, ...args: Args<InputAt<Id, B>>) => Promise<ResultAt<Id, B>>;
