import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/real needs a real OpenStack (npm run real-cloud:up) and runs with `npm run test:real`.
    exclude: ["test/real/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
