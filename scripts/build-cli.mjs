// Bundles the CLI into dist/cli (one startup module plus chunks loaded per command). The bundled
// spec is not copied into a chunk: the CLI loads dist/generated/openapi.json, the one copy the
// package ships, and the runtime dependencies stay imports.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/cli", { recursive: true, force: true });
await build({
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist/cli",
  bundle: true,
  minify: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["yargs", "undici", "yaml", "ajv"],
  logLevel: "warning",
  plugins: [
    {
      name: "spec-once",
      setup(build) {
        build.onResolve({ filter: /generated\/openapi\.json$/ }, () => ({ path: "../generated/openapi.json", external: true }));
      },
    },
  ],
});
