import { helpers } from "../../generated/helpers.js";
import type { OperationId } from "../../generated/operations.js";
import type { CallArgs, CallOptions, CallResult } from "../client/call-types.js";
import type { ComputeClient } from "../client/create.js";

type Helpers = typeof helpers;

/** One generated method per x-helper of the spec: resource.method(input) -> typed result. */
export type BoundHelpers = {
  [R in keyof Helpers]: {
    [M in keyof Helpers[R]]: Helpers[R][M] extends infer Id extends OperationId ? (...args: CallArgs<Id>) => Promise<CallResult<Id>> : never;
  };
};

/** Turns the generated helper table into methods (the way Octokit builds its endpoint methods). */
export function bindHelpers(client: Pick<ComputeClient, "call">): BoundHelpers {
  const call = client.call as (id: OperationId, input?: object, options?: CallOptions) => Promise<unknown>;
  return Object.fromEntries(
    Object.entries(helpers).map(([resource, methods]) => [
      resource,
      Object.fromEntries(Object.entries(methods).map(([method, id]) => [method, (input?: object, options?: CallOptions) => call(id, input, options)])),
    ]),
  ) as BoundHelpers;
}
