import { NovaClientError } from "../../core/errors.js";
import type { CommandHandler, Input } from "../context.js";

/**
 * aggregate-set-metadata: python-novaclient checks the pairs against the aggregate it found
 * before sending: a pair it already has, or a key to remove that it lacks, is a CommandError.
 * The aggregate is the one the lookup fetched (asked for again, it is not sent again).
 */
const aggregateSetMetadata: CommandHandler = {
  async input(ctx, input) {
    const found = (await ctx.call({ aggregate_id: input.aggregate_id }, "showAggregate")) as { aggregate: { metadata?: Record<string, string> | null } };
    const current = found.aggregate.metadata ?? {};
    const metadata = (input.body as Input).metadata as Record<string, string | null>;
    if (Object.entries(metadata).some(([k, v]) => k in current && current[k] === v)) throw new NovaClientError("CommandError", "metadata already exists");
    for (const [key, value] of Object.entries(metadata)) {
      if (value === null && !(key in current)) throw new NovaClientError("CommandError", `metadata key ${key} does not exist hence can not be deleted`);
    }
    return input;
  },
};
export default aggregateSetMetadata;
