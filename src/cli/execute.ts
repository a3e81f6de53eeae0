import type { CommandSpec } from "../../generated/commands.js";
import { floatFields } from "../../generated/commands.js";
import { type OperationId, operations } from "../../generated/operations.js";
import { NovaApiError, NovaClientError } from "../core/errors.js";
import { parseVersion } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";
import { pyReprBytes } from "../text/python.js";
import type { CommandContext, CommandHandler, Io } from "./context.js";
import { handlers } from "./handlers/index.js";
import { type FoundRecords, argsAt, buildInput, callKey } from "./input.js";
import { pick, renderOutput } from "./output.js";
import { pollServer } from "./poll.js";

const hint = { floats: new Set(floatFields) };

/** "Request to stop server {server} has been accepted." with the arguments as given. */
const message = (template: string, argv: Record<string, unknown>) => template.replace(/\{([\w-]+)\}/g, (_, name: string) => String(argv[name] ?? ""));

/**
 * Runs one command: the arguments become the operation's input (names found by their lookups),
 * one call, the declared output; a handler replaces one of those steps. With `each`, the steps
 * run once per value of that argument, going on past failures as python-novaclient's
 * do_action_on_many does.
 */
export async function execute(spec: CommandSpec, argv: Record<string, unknown>, nova: NovaClient, io: Io): Promise<void> {
  const version = parseVersion(nova.microversion);
  const call = nova.call as (id: OperationId, input?: object) => Promise<unknown>;
  const handler: CommandHandler = spec.handler ? await loadHandler(spec) : {};
  const found: FoundRecords = new Map();
  const ctx: CommandContext = {
    spec,
    argv,
    nova,
    io,
    hint,
    version,
    args: () => argsAt(spec, argv, version),
    call: async (input, operation = spec.operation) => {
      const given = input ?? (await buildInput(spec, argv, nova, version, found));
      // What a lookup already fetched (show <name>: the server it found) is not fetched again.
      const hit = operations[operation].method === "get" ? found.get(callKey(operation, given)) : undefined;
      return hit ? hit.reply : call(operation, given);
    },
    render: (result) => renderOutput(spec.output, result, version, hint),
  };
  const once = async (words: Record<string, unknown>) => {
    const step = { ...ctx, argv: words };
    let input = await buildInput(spec, words, nova, version, found);
    if (handler.input) input = await handler.input(step, input);
    const result = handler.call ? await handler.call(step, input) : await step.call(input);
    if (spec.success) io.out(message(spec.success, words));
    // The server is the one the reply names (boot, rebuild), else the one acted on.
    if (spec.poll && words.poll) await pollServer(nova, spec.poll, String(pick(result, "server.id") ?? input.server_id), io);
    const text = words.json ? JSON.stringify(result ?? null, null, 2) : handler.format ? await handler.format(step, result) : step.render(result);
    if (text !== undefined) io.out(text);
  };
  if (!spec.each) {
    await once(argv);
    return;
  }
  let failed = false;
  for (const value of argv[spec.each] as unknown[]) {
    try {
      await once({ ...argv, [spec.each]: value });
    } catch (err) {
      if (!(err instanceof NovaClientError)) throw err;
      failed = true;
      // python-novaclient prints print(encodeutils.safe_encode(str(e))), a bytes literal; scripts
      // written against it see exactly that.
      io.out(pyReprBytes(err instanceof NovaApiError ? err.toString() : err.message));
    }
  }
  if (failed) throw new NovaClientError("CommandError", spec.failure ?? "Unable to complete the operation.");
}

async function loadHandler(spec: CommandSpec): Promise<CommandHandler> {
  const load = handlers[spec.handler!];
  if (!load) throw new Error(`x-cli of ${spec.name} names handler "${spec.handler}", which src/cli/handlers/index.ts does not have`);
  return (await load()).default;
}
