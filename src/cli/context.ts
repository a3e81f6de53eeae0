import type { CliArg, CommandSpec } from "../../generated/commands.js";
import type { OperationId } from "../../generated/operations.js";
import type { ApiVersion } from "../core/version.js";
import type { NovaClient } from "../resources/nova-client.js";
import type { NumberHint } from "../text/python.js";

export interface Io {
  /** A line on stdout. */
  out(text: string): void;
  /** Text on stdout as it is, no newline (progress lines). */
  write(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

export type Input = Record<string, unknown>;

/** What a command runs with: its declaration, parsed arguments, a connected client, output. */
export interface CommandContext {
  spec: CommandSpec;
  argv: Record<string, unknown>;
  nova: NovaClient;
  io: Io;
  hint: NumberHint;
  /** The session's microversion. */
  version: ApiVersion;
  /** The arguments present at the negotiated microversion. */
  args(): CliArg[];
  /** Calls an operation (default: the command's) with `input` (default: built from the arguments). */
  call(input?: Input, operation?: OperationId): Promise<unknown>;
  /** The declared rendering of a result (the x-cli output). */
  render(result: unknown): string | undefined;
}

/**
 * A hand-written step of a command, in src/cli/handlers/<name>.ts (x-cli `handler:`). Each
 * overrides one step of the generic path; the declaration still gives the rest (arguments,
 * lookups, run-on-many, messages, --poll, --json).
 */
export interface CommandHandler {
  /** Builds or adjusts the operation's input from what the declared arguments built. */
  input?(ctx: CommandContext, input: Input): Promise<Input> | Input;
  /** Makes the request(s), when one call of the operation is not what python-novaclient sends. */
  call?(ctx: CommandContext, input: Input): Promise<unknown>;
  /** Renders the result, when the declared output cannot say it; undefined prints nothing. */
  format?(ctx: CommandContext, result: unknown): Promise<string | undefined> | string | undefined;
  /** What `format` prints (formatList or formatDict), for the output formats (-f) it can take. */
  prints?: "list" | "properties";
}
