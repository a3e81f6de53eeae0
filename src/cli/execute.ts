import type { CliOutput, CommandSpec } from "../../generated/commands.js";
import { commands, floatFields } from "../../generated/commands.js";
import { type OperationId, operations } from "../../generated/operations.js";
import { NovaApiError, NovaClientError } from "../core/errors.js";
import { parseVersion } from "../core/version.js";
import { type Found, toSlug } from "../resources/find.js";
import type { NovaClient } from "../resources/nova-client.js";
import { pyReprBytes } from "../text/python.js";
import type { CommandContext, CommandHandler, Io } from "./context.js";
import { checkFormat, outputOptions, printingWith, printsTable } from "./formats.js";
import { handlers } from "./handlers/index.js";
import { type FoundRecords, argsAt, buildInput, callKey, place, placed, valuesOf } from "./input.js";
import { pick, renderOutput } from "./output.js";
import { type Row, formatDict } from "./print.js";
import { pollServer } from "./poll.js";
import { askValue } from "./prompt.js";

const hint = { floats: new Set(floatFields) };

type Resolved = Record<string, Found["record"]>;

/** python-novaclient's _get_resource_string: a found record as "<human id> (<id>)", or its id. */
const resourceString = (record: Found["record"] | undefined) => {
  const slug = typeof record?.name === "string" ? toSlug(record.name) : "";
  return slug ? `${slug} (${record!.id})` : String(record?.id ?? "");
};

/**
 * "Request to stop server {server} has been accepted." with the arguments as given; {path.x},
 * {query.x} and {body.a.b} are what was sent there (a name already resolved to its id), and
 * {name:found} the record the argument's lookup found.
 */
const message = (template: string, argv: Record<string, unknown>, input: Record<string, unknown> = {}, resolved: Resolved = {}) =>
  template.replace(/\{([\w.*-]+)(:found)?\}/g, (_, name: string, asFound?: string) =>
    asFound ? resourceString(resolved[name]) : String((/^(path|query|body)\./.test(name) ? placed(input, name) : argv[name]) ?? ""),
  );

/**
 * An error's text as python-novaclient's do_action_on_many takes str(e); it prints
 * encodeutils.safe_encode of it, a bytes literal (pyReprBytes), and scripts see exactly that.
 */
const errorText = (err: unknown) => (err instanceof NovaApiError ? err.toString() : err instanceof Error ? err.message : String(err));

/**
 * Runs one command: the arguments become the operation's input (names found by their lookups),
 * one call, the declared output; a handler replaces one of those steps. With `each`, the steps
 * run once per value of that argument, going on past failures as python-novaclient's
 * do_action_on_many does. Its table or properties are printed in the format -f asks for.
 */
export async function execute(spec: CommandSpec, argv: Record<string, unknown>, nova: NovaClient, io: Io): Promise<void> {
  const output = await outputOptions(argv, hint);
  const kind = await printedKind(spec);
  // A format the command cannot print is refused before it does anything (creates, evacuates).
  if (kind) checkFormat(kind, output.format);
  await printingWith(output, () => run(spec, argv, nova, io, kind !== undefined));
}

/** What a command prints: a list, properties, or neither; its declared output says, else its handler. */
export async function printedKind(spec: CommandSpec): Promise<"list" | "properties" | undefined> {
  const kind = spec.output?.kind;
  if (kind) return kind === "table" ? "list" : kind === "properties" ? "properties" : undefined;
  const shown = referenced(spec);
  if (shown) return printedKind(shown);
  return spec.handler ? (await loadHandler(spec.handler, spec.name)).prints : undefined;
}

async function run(spec: CommandSpec, argv: Record<string, unknown>, nova: NovaClient, io: Io, printsData: boolean): Promise<void> {
  const version = parseVersion(nova.microversion);
  const call = nova.call as (id: OperationId, input?: object) => Promise<unknown>;
  const handler: CommandHandler = spec.handler ? await loadHandler(spec.handler, spec.name) : {};
  const shown = referenced(spec);
  const format = handler.format ?? (shown ? (await loadHandler(shown.handler!, shown.name)).format : undefined);
  const found: FoundRecords = new Map();
  if (spec.warning) io.err(spec.warning);
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
    render: (result) => renderOutput(spec.output, result, version, hint, valuesOf(spec, argv)),
  };
  for (const arg of ctx.args()) {
    // argparse's DeprecatedAction warns as it reads the option, before anything is sent.
    if (arg.deprecated && argv[arg.name] !== undefined) io.err(`WARNING: Option "--${arg.name}" is deprecated`);
  }
  const needs = spec["needs-any"];
  const given = (words: Record<string, unknown>) => !needs || needs.args.some((name) => words[name] !== undefined && words[name] !== "" && words[name] !== false);
  // poll.success: the servers polled after every value's call (reboot --poll).
  const polls: { serverId: string; words: Record<string, unknown>; resolved: Resolved }[] = [];
  const once = async (words: Record<string, unknown>) => {
    const step = { ...ctx, argv: words };
    const resolved: Resolved = {};
    let input = await buildInput(spec, words, nova, version, found, resolved);
    // Checked after the lookups, as python-novaclient finds the resource first.
    if (!given(words)) {
      if (needs!.error) throw new NovaClientError("CommandError", needs!.error);
      return;
    }
    if (handler.input) input = await handler.input(step, input);
    if (spec.prompt) place(input, spec.prompt.to, askValue(spec.prompt, io));
    // optional-body: python-novaclient returns without a request when nothing is to be changed.
    if (spec["optional-body"] && input.body === undefined) return;
    // A flag may switch the command to another operation (quota-show --detail).
    const operation = argsAt(spec, words, version).find((a) => a.operation && words[a.name])?.operation as OperationId | undefined;
    let result = handler.call ? await handler.call(step, input) : await step.call(input, operation);
    // A reply that names no record to reload (boot --return-reservation-id) is printed as it came.
    const asItCame = spec.output?.reload !== undefined && pick(result, spec.output.reload.id) === undefined;
    if (spec.output?.reload && !asItCame) result = await reload(spec.output.reload, result);
    if (!format && nothingToShow(spec.output, result)) await (await import("./explain.js")).checkEmptyReply(nova);
    if (spec.success) {
      const text = message(spec.success, words, input, resolved);
      // In a format for programs, the output holds the data alone: the message goes to stderr.
      if (printsData && !printsTable()) io.err(text);
      else io.out(text);
    }
    const text = words.json ? JSON.stringify(result ?? null, null, 2) : asItCame ? formatDict(result as Row, hint) : format ? await format(step, result) : step.render(result);
    // python-novaclient prints an empty text as an empty line; an empty list of values is no line.
    if (text !== undefined && (text !== "" || printsTable())) io.out(text);
    // After the output, as python-novaclient prints the new server before polling it. The server
    // is the one the reply names (boot, rebuild), else the one acted on.
    if (spec.poll && words.poll && !asItCame) {
      const serverId = String(pick(result, "server.id") ?? input.server_id);
      if (spec.poll.success) polls.push({ serverId, words, resolved });
      else await pollServer(nova, spec.poll, serverId, io);
    }
  };
  /** output.reload: the record fetched again, its fields over the reply's (python's lazy loading). */
  const reload = async (how: { get: string; id: string }, result: unknown) => {
    const operation = how.get as OperationId;
    const param = /\{([^}]+)\}/.exec(operations[operation].path)![1]!;
    const key = how.id.split(".")[0]!;
    const fetched = (await call(operation, { [param]: String(pick(result, how.id)) })) as Record<string, unknown>;
    const before = (result as Record<string, unknown>)[key] as Record<string, unknown>;
    return { ...(result as object), [key]: { ...before, ...(fetched[key] as object) } };
  };
  if (!spec.each) {
    await once(argv);
    return;
  }
  // The other arguments are found once, before the first value (a missing server is the
  // command's error, not one value's failure); with find-first, every value too.
  await buildInput(spec, { ...argv, [spec.each]: undefined }, nova, version, found);
  const values = argv[spec.each] as unknown[];
  if (spec["find-first"]) for (const value of values) await buildInput(spec, { ...argv, [spec.each]: value }, nova, version, found);
  let failed = 0;
  for (const value of values) {
    const words = { ...argv, [spec.each]: value };
    try {
      await once(words);
    } catch (err) {
      // Like do_action_on_many (which catches Exception), any failure of one value is reported
      // and the others still run.
      failed++;
      io.out(spec["each-error"] ? message(spec["each-error"], { ...words, error: errorText(err) }) : pyReprBytes(errorText(err)));
    }
  }
  if (failed > 0 && (spec["failure-when"] !== "all" || failed === values.length)) throw new NovaClientError("CommandError", spec.failure ?? "Unable to complete the operation.");
  let pollsFailed = 0;
  for (const { serverId, words, resolved } of polls) {
    try {
      await pollServer(nova, spec.poll!, serverId, io);
      io.out(message(spec.poll!.success!, words, {}, resolved));
    } catch (err) {
      pollsFailed++;
      io.out(pyReprBytes(errorText(err)));
    }
  }
  if (pollsFailed > 0) throw new NovaClientError("CommandError", spec.poll!.failure ?? "Unable to complete the operation.");
}

/** Whether the declared output finds nothing in a reply: no record, or one without a field. */
function nothingToShow(output: CliOutput | undefined, result: unknown): boolean {
  if (!output || output.kind === "none" || output.kind === "text") return false;
  const picked = pick(result, output.from);
  return picked === undefined || picked === null || (typeof picked === "object" && !Array.isArray(picked) && Object.keys(picked).length === 0);
}

/** output.ref: the command that prints this one's result, with its handler's format (boot prints the new server as show does). */
const referenced = (spec: CommandSpec) => (spec.output?.ref ? commands.find((c) => c.name === spec.output!.ref && c.handler) : undefined);

async function loadHandler(name: string, command: string): Promise<CommandHandler> {
  const load = handlers[name];
  if (!load) throw new Error(`x-cli of ${command} names handler "${name}", which src/cli/handlers/index.ts does not have`);
  return (await load()).default;
}
