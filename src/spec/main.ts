#!/usr/bin/env node
import { runSpecCli } from "./cli.js";

// A reader that stops early (| head) has all it wanted.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});
// exitCode, not exit(): a document of a few MB written to a pipe is flushed first.
process.exitCode = await runSpecCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
