import type { OperationId } from "../../../generated/operations.js";
import type { ApiVersion } from "../../core/version.js";
import type { SpecValidator } from "../../spec/validator.js";
import type { Reply } from "../context.js";
import { Fault } from "../faults.js";

type Schema = { examples?: unknown[]; anyOf?: Schema[] };

/** The first example of a reply schema (or of its first branch that has one). */
function exampleOf(schema: Schema | undefined, deref: (s: Schema) => Schema): unknown {
  if (!schema) return undefined;
  // OpenAPI 3.1 lets `examples` sit beside a $ref, so look before following it.
  const s = deref(schema);
  return schema.examples?.[0] ?? s.examples?.[0] ?? (s.anyOf ?? []).find((b) => b.examples ?? deref(b).examples)?.examples?.[0];
}

/**
 * For an operation with no handler: the spec's example reply at this microversion, or an empty
 * reply when its success status has no body, so an operation just added to the spec works
 * against the sandbox as soon as it is generated.
 */
export function fallbackReply(validator: SpecValidator, id: OperationId, version: ApiVersion): Reply {
  const deref = (s: Schema) => validator.resolve(s) as Schema;
  for (const { status } of validator.successReplies(id, version)) {
    const schema = validator.schemaOf(id, { status }) as Schema | undefined;
    const example = exampleOf(schema, deref);
    if (example !== undefined) return { status, body: example };
    if (schema === undefined) return { status };
  }
  throw new Fault(501, "notImplemented", `The sandbox cloud has no handler for ${id} and the spec gives no example reply.`);
}
