import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { CliResult } from "./run-cli.js";

/** python-novaclient 18.1 from Debian (python3-novaclient); .ci/run installs it. */
export const PYTHON_NOVA = "/usr/bin/nova";
export const hasPythonNova = existsSync(PYTHON_NOVA);

const SERVER = new URL("./novaclient/fork-server.py", import.meta.url).pathname;

interface Server {
  process: ChildProcessWithoutNullStreams;
  replies: AsyncIterator<string>;
  dir: string;
  /** What Python itself printed (an import failure, a traceback of the server). */
  stderr: string;
}

let server: Server | undefined;
/** One command line at a time: the fork server answers in order. */
let queue: Promise<unknown> = Promise.resolve();
let runs = 0;

function start(): Server {
  // The environment runProgram gives every program: a case's variables are the child's alone.
  const child = spawn("/usr/bin/python3", [SERVER], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" }, stdio: "pipe" });
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref(): void }).unref();
  const dir = mkdtempSync(join(tmpdir(), "python-nova-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const started: Server = { process: child, replies: createInterface({ input: child.stdout })[Symbol.asyncIterator](), dir, stderr: "" };
  child.stderr.on("data", (d: Buffer) => (started.stderr += d.toString()));
  child.on("exit", () => {
    if (server === started) server = undefined;
  });
  return started;
}

async function runOnce(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const current = (server ??= start());
  const { process: child, replies, dir } = current;
  const out = join(dir, `${++runs}.out`);
  const err = join(dir, `${runs}.err`);
  child.stdin.write(`${JSON.stringify({ argv: args, env, stdin: stdin ?? null, out, err })}\n`);
  const reply = await replies.next();
  if (reply.done) throw new Error(`the python-novaclient fork server stopped: ${current.stderr}`);
  const { code } = JSON.parse(reply.value) as { code: number };
  const result = { stdout: readFileSync(out, "utf8"), stderr: readFileSync(err, "utf8"), code: code < 0 ? null : code };
  rmSync(out);
  rmSync(err);
  return result;
}

/**
 * Runs python-novaclient's `nova` with these words, variables and stdin, as a process of its own
 * would: forked from a Python that has already imported novaclient (see fork-server.py).
 */
export function pythonNova(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const result = queue.then(() => runOnce(args, env, stdin));
  queue = result.catch(() => undefined);
  return result;
}
