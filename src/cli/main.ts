#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { run } from "./run.js";

// fetch compiles its HTTP parser (WebAssembly) on first use, and optimising it in the background
// makes the process wait ~40 ms at exit; a one-shot CLI is better off with the baseline compiler.
setFlagsFromString("--liftoff-only");

const code = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  write: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
});
// Idle keep-alive connections would hold the process open for a while: exit as soon as the
// output is flushed (a write's callback runs once everything before it has been handed over).
process.stderr.write("", () => process.stdout.write("", () => process.exit(code)));
