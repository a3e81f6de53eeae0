import { helpers, pagers } from "../../generated/helpers.js";
import type { OperationId } from "../../generated/operations.js";
import type { CallArgs, CallOptions, CallResult, OperationIdAt } from "../client/call-types.js";
import type { ComputeClient } from "../client/create.js";
import { collect, offsetItems, pageItems } from "./paginate.js";

type Helpers = typeof helpers;
type Pagers = typeof pagers;

/** One item of a list reply: an element of the array under `Key` of what `Id` answers (at microversion V). */
export type ListItem<Id extends OperationId, Key extends string, V extends string = "2.latest"> = CallResult<Id, V> extends { [K in Key]?: infer List } ? (NonNullable<List> extends readonly (infer Item)[] ? Item : never) : never;

/** A pager of the generated table as a method: every item at once (listAll), or one by one (iterate). */
type PagerMethod<R extends keyof Helpers, P, V extends string> = P extends { helper: infer M extends keyof Helpers[R]; items: infer Key extends string; collect: infer All }
  ? Helpers[R][M] extends infer Id extends OperationId
    ? All extends true
      ? (...args: CallArgs<Id, V>) => Promise<ListItem<Id, Key, V>[]>
      : (...args: CallArgs<Id, V>) => AsyncGenerator<ListItem<Id, Key, V>, void, undefined>
    : never
  : never;

/** The operation a pager pages through. */
type PagerOperation<R extends keyof Helpers, P> = P extends { helper: infer M extends keyof Helpers[R] } ? Helpers[R][M] : never;

/** A resource's pagers, but those whose operation does not exist at microversion V. */
type PagerMethods<R extends keyof Helpers, V extends string> = R extends keyof Pagers
  ? { [M in keyof Pagers[R] as PagerOperation<R, Pagers[R][M]> extends OperationIdAt<V> ? M : never]: PagerMethod<R, Pagers[R][M], V> }
  : {};

/**
 * One generated method per x-helper of the spec: resource.method(input) -> typed result; and for
 * each list that comes in pages, its pagers (listAll, iterate...). Pinned to a microversion V,
 * only the helpers of the operations that exist at V, typed as they are at V.
 */
export type BoundHelpers<V extends string = "2.latest"> = {
  [R in keyof Helpers]: {
    [M in keyof Helpers[R] as Helpers[R][M] extends OperationIdAt<V> ? M : never]: Helpers[R][M] extends infer Id extends OperationId
      ? (...args: CallArgs<Id, V>) => Promise<CallResult<Id, V>>
      : never;
  } & PagerMethods<R, V>;
};

type Call = (id: OperationId, input?: object, options?: CallOptions) => Promise<unknown>;

type PagerInput = { marker?: string; offset?: number; limit?: number };

/** A resource's pagers: each re-issues its helper's call with the same input and the next marker (or offset). */
function bindPagers(call: Call, resource: string): Record<string, (input?: PagerInput, options?: CallOptions) => Promise<unknown[]> | AsyncGenerator<unknown>> {
  const table = (pagers as Record<string, Record<string, { helper: string; items: string; links?: string; collect: boolean }>>)[resource] ?? {};
  return Object.fromEntries(
    Object.entries(table).map(([method, { helper, items, links, collect: all }]) => {
      const id = (helpers as Record<string, Record<string, OperationId>>)[resource]![helper]!;
      const each = (input: PagerInput = {}, options?: CallOptions) =>
        links === undefined
          ? offsetItems((offset) => call(id, { ...input, offset }, options), input.offset, items, input.limit)
          : pageItems((marker) => call(id, { ...input, marker }, options), input.marker, items, links);
      return [method, all ? (input?: PagerInput, options?: CallOptions) => collect(each(input, options)) : each];
    }),
  );
}

/** Turns the generated helper and pager tables into methods (the way Octokit builds its endpoint methods). */
export function bindHelpers(client: Pick<ComputeClient, "call">): BoundHelpers {
  const call = client.call as Call;
  return Object.fromEntries(
    Object.entries(helpers).map(([resource, methods]) => [
      resource,
      {
        ...Object.fromEntries(Object.entries(methods).map(([method, id]) => [method, (input?: object, options?: CallOptions) => call(id, input, options)])),
        ...bindPagers(call, resource),
      },
    ]),
  ) as unknown as BoundHelpers;
}
