import type { CliArg, CommandSpec } from "../../generated/commands.js";
import type { OperationId } from "../../generated/operations.js";
import type { NovaClient } from "../resources/nova-client.js";
import type { NumberHint } from "../text/python.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** What a command runs with: its declaration, parsed arguments, a connected client, output. */
export interface CommandContext {
  spec: CommandSpec;
  argv: Record<string, unknown>;
  nova: NovaClient;
  io: Io;
  hint: NumberHint;
  /** The arguments present at the negotiated microversion. */
  args(): CliArg[];
  /** The operation's input built from the arguments (names resolved to ids). */
  input(): Promise<Record<string, unknown>>;
  /** Calls the command's operation with `input` (default: built from the arguments). */
  call(input?: Record<string, unknown>, operation?: OperationId): Promise<unknown>;
  /** Prints `result` as JSON under --json, else runs `render`. */
  emit(result: unknown, render: () => string | undefined): void;
}

/** A hand-written command: src/cli/handlers/<name>.ts exports it as default. */
export type CommandHandler = (ctx: CommandContext) => Promise<void>;
