import type { OperationId } from "../../../generated/operations.js";
import type { SpecValidator } from "../../spec/validator.js";
import type { Reply } from "../context.js";
import { Fault } from "../faults.js";

/**
 * For an operation with no handler, answer with the example its success response's schema
 * declares, so an operation just added to the spec works against the sandbox once generated.
 */
export function fallbackReply(validator: SpecValidator, id: OperationId): Reply {
  for (const status of [200, 201, 202]) {
    const schema = validator.schemaOf(id, { status }) as { examples?: unknown[] } | undefined;
    if (schema?.examples?.[0] !== undefined) return { status, body: schema.examples[0] };
  }
  throw new Fault(501, "notImplemented", `The sandbox cloud has no handler for ${id} and the spec gives no example reply.`);
}
