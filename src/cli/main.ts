#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { escapeControls } from "../text/terminal.js";
import { run } from "./run.js";

// fetch compiles its HTTP parser (WebAssembly) on first use, and optimising it in the background
// makes the process wait ~40 ms at exit; a one-shot CLI is better off with the baseline compiler.
setFlagsFromString("--liftoff-only");

// Ctrl-C: the requests in flight go with the process, and nothing is printed after it (a
// half-made table or a failure of the aborted request would only mislead). 128 + SIGINT, as
// python-novaclient exits.
process.once("SIGINT", () => process.exit(130));

// Everything printed passes one gate: text from the cloud never reaches the terminal raw.
const code = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${escapeControls(text)}\n`),
  write: (text) => process.stdout.write(escapeControls(text, "\r")),
  err: (text) => process.stderr.write(`${escapeControls(text)}\n`),
  env: process.env,
});
// Idle keep-alive connections would hold the process open for a while: exit as soon as the
// output is flushed (a write's callback runs once everything before it has been handed over).
process.stderr.write("", () => process.stdout.write("", () => process.exit(code)));
