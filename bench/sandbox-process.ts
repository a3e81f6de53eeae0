/**
 * The sandbox cloud in its own process for benchmarks (so the measured clients do not share a
 * CPU thread with it). Talks to the parent over IPC: sends its URLs, answers "count" with the
 * number of requests it has served, stops on "stop".
 */
import { startSandbox } from "../src/sandbox/index.js";

const servers = Number(process.argv[2] ?? 0);
const sandbox = await startSandbox({ maxVersion: "2.93", servers });
process.send?.({ authUrl: sandbox.authUrl, computeUrl: sandbox.computeUrl });
process.on("message", (message) => {
  if (message === "count") process.send?.({ count: sandbox.requests.length });
  if (message === "stop") void sandbox.close().then(() => process.exit(0));
});
