/**
 * Load, outside the timed path (npm run bench has the timings): many calls at once from one
 * client, and many CLI processes sharing one token cache.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxProcess, startSandboxProcess } from "../../bench/measure.js";
import { createNovaClient } from "../../src/index.js";
import { adminEnv, nova } from "../cli/run-cli.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

// The cloud runs in a process of its own, so that its request log is not counted as ours.
let cloud: SandboxProcess;
beforeAll(async () => {
  cloud = await startSandboxProcess(40);
});
afterAll(() => cloud?.stop());

describe("under load", () => {
  it("1,000 concurrent helper calls, twice: no failure, no unhandled rejection, and the heap after the second within 10% of before it, after a GC", { timeout: 120_000 }, async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", note);
    try {
      const client = await createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin" });
      const call = (i: number) => (i % 3 === 0 ? client.flavors.list() : i % 3 === 1 ? client.servers.list() : client.servers.get({ server_id: "9168b536-cd40-4630-b43f-b259807c6e87" }));
      // The replies are dropped as they come: what is measured is what the client keeps.
      const failures: unknown[] = [];
      const round = () => Promise.all(Array.from({ length: 1000 }, (_, i) => call(i).then(() => undefined, (e: unknown) => void failures.push(e))));
      // A first round warms up what a thousand calls at once need once (code, the connection
      // pool's sockets); a client that kept anything per call would grow in the second.
      await round();
      const before = heap();
      const served = await cloud.requests();
      await round();
      expect(failures).toEqual([]);
      expect((await cloud.requests()) - served).toBe(1000);
      expect(heap() / before).toBeLessThan(1.1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", note);
    }
  });

  it("20 CLI processes sharing one token cache: all succeed, and one valid cache entry is left", { timeout: 120_000 }, async () => {
    const cache = await mkdtemp(join(tmpdir(), "nova-ts-load-cache-"));
    try {
      const env = { ...adminEnv(cloud.authUrl), XDG_CACHE_HOME: cache };
      const runs = await Promise.all(Array.from({ length: 20 }, () => nova(["--os-cache", "flavor-list"], env)));
      for (const r of runs) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^\| 1 +\| m1\.tiny +\|/m);
      }
      const folder = join(cache, "nova-ts", "tokens");
      const files = await readdir(folder);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
      const entry = JSON.parse(await readFile(join(folder, files[0]!), "utf8")) as { token: string; catalog: unknown[] };
      expect(entry.token).toMatch(/\S{20,}/);
      expect(entry.catalog.length).toBeGreaterThan(0);
      // And it works: the next run asks Keystone nothing.
      const served = await cloud.requests();
      expect((await nova(["--os-cache", "flavor-list"], env)).code).toBe(0);
      expect((await cloud.requests()) - served).toBe(1);
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});
