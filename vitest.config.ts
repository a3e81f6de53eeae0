import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/real needs a real OpenStack (npm run real-cloud:up) and runs with `npm run test:real`.
    exclude: ["test/real/**", "node_modules/**"],
    // Most tests wait on a child process (nova, python-novaclient) or a loopback server, so two
    // files at a time keep two cores busy where vitest's default (cores - 1) leaves one idle.
    maxWorkers: Math.max(availableParallelism() - 1, 2),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
