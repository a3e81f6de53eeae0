import { execFileSync } from "node:child_process";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { NovaClientError } from "../core/errors.js";
import type { Io } from "./context.js";

/** One line of a file descriptor, read byte by byte so nothing after it is consumed (python's readline). */
function readLine(fd: number): string | undefined {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, one, 0, 1, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
      throw err;
    }
    if (n === 0) return bytes.length ? Buffer.from(bytes).toString("utf8") : undefined;
    if (one[0] === 0x0a) return Buffer.from(bytes).toString("utf8");
    bytes.push(one[0]!);
  }
}

/**
 * python's getpass.getpass(prompt): on the controlling terminal when there is one (echo off via
 * stty, as termios does), otherwise the fallback python takes with its warning on stderr and the
 * answer read from stdin. End of input is python's EOFError.
 */
export function getpass(prompt: string, io: Io): string {
  let tty: number | undefined;
  try {
    tty = openSync("/dev/tty", "r+");
  } catch {
    tty = undefined;
  }
  let line: string | undefined;
  if (tty !== undefined) {
    const fd = tty;
    const stty = (arg: string) => execFileSync("stty", [arg], { stdio: [fd, "ignore", "ignore"] });
    writeSync(fd, prompt);
    stty("-echo");
    try {
      line = readLine(fd);
    } finally {
      stty("echo");
      writeSync(fd, "\n");
      closeSync(fd);
    }
  } else {
    // The prompt goes out without a newline; python writes one after the answer.
    io.err("Warning: Password input may be echoed.");
    process.stderr.write(prompt);
    line = readLine(0);
    io.err("");
  }
  if (line === undefined) throw new NovaClientError("EOFError", "");
  return line.replace(/\r$/, "");
}

/** The x-cli prompt: asked once, or twice with the answers compared. */
export function askValue(prompt: { text: string; again?: string; mismatch?: string }, io: Io): string {
  const first = getpass(prompt.text, io);
  if (prompt.again !== undefined && getpass(prompt.again, io) !== first) throw new NovaClientError("CommandError", prompt.mismatch ?? "The answers do not match.");
  return first;
}
