import type { CommandSpec } from "../../generated/commands.js";
import { floatFields } from "../../generated/commands.js";
import type { OperationId } from "../../generated/operations.js";
import { parseVersion } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";
import type { CommandContext, Io } from "./context.js";
import { handlers } from "./handlers/index.js";
import { argsAt, buildInput } from "./input.js";
import { renderOutput } from "./output.js";

const hint = { floats: new Set(floatFields) };

/** Runs one command: the generic path (input, call, declared output) or its hand-written handler. */
export async function execute(spec: CommandSpec, argv: Record<string, unknown>, nova: NovaClient, io: Io): Promise<void> {
  const version = parseVersion(nova.microversion);
  const call = nova.call as (id: OperationId, input?: object) => Promise<unknown>;
  const ctx: CommandContext = {
    spec,
    argv,
    nova,
    io,
    hint,
    args: () => argsAt(spec, argv, version),
    input: () => buildInput(spec, argv, nova, version),
    call: async (input, operation = spec.operation) => call(operation, input ?? (await ctx.input())),
    emit: (result, render) => {
      const text = argv.json ? JSON.stringify(result ?? null, null, 2) : render();
      if (text !== undefined) io.out(text);
    },
  };
  if (spec.handler) {
    const load = handlers[spec.handler];
    if (!load) throw new Error(`x-cli of ${spec.name} names handler "${spec.handler}", which src/cli/handlers/index.ts does not have`);
    await (await load()).default(ctx);
    return;
  }
  const result = await ctx.call();
  ctx.emit(result, () => renderOutput(spec.output, result, version, hint));
}
