import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { type PackedApp, installPacked, root, run } from "./packed.js";

const admin = (authUrl: string) => createNovaClient({ authUrl, username: "admin", password: "secret", projectName: "admin" });
let cloud: Sandbox;
let app: string;
let tarball: PackedApp["tarball"];

beforeAll(async () => {
  cloud = await startSandbox();
  ({ dir: app, tarball } = await installPacked("package"));
  // The tarball's size and file count, in the test's output for the record (README quotes them).
  console.info(`nova-ts tarball: ${(tarball.size / 1024).toFixed(0)} kB packed, ${(tarball.unpackedSize / 1024).toFixed(0)} kB unpacked, ${tarball.entryCount} files`);
}, 120_000);
afterAll(async () => {
  rmSync(app, { recursive: true, force: true });
  await cloud?.close();
});

it("the package holds what runs, no more: the spec once (and its plain union), the tarball's size and file count bounded", () => {
  // The spec with its x- vocabulary, which the validator reads; and nova-ts/openapi.json, the
  // standard document of every microversion. Not the YAML they are generated from.
  expect(tarball.files.filter((f) => f.endsWith(".json") && f.includes("openapi")).sort()).toEqual(["dist/generated/openapi.json", "dist/openapi-union.json"]);
  expect(tarball.files.filter((f) => /^(generated|spec|dist\/src\/cli)\//.test(f))).toEqual([]);
  expect(tarball.files).toEqual(expect.arrayContaining(["dist/cjs/src/index.cjs", "dist/cjs/src/index.d.ts", "dist/src/index.js", "dist/src/core.js", "dist/src/index.d.ts", "dist/cli/main.js"]));
  expect(tarball.size).toBeLessThan(700 * 1024);
  expect(tarball.entryCount).toBeLessThan(350);
  // Runtime dependencies are what runs: no build tool is installed with the package.
  const installed = JSON.parse(readFileSync(join(app, "node_modules/.package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  const names = Object.keys(installed.packages).map((p) => p.replace(/^.*node_modules\//, ""));
  for (const tool of ["typescript", "esbuild", "openapi-typescript", "vitest", "tsx", "@redocly/openapi-core", "prettier"]) expect(names).not.toContain(tool);
});

it("the README's library example runs as written, from the installed package", async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const example = /## Using the library\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain("createNovaClient({");
  // Only the cloud it signs in to differs: the sandbox's admin instead of alice's Keystone.
  const program = example!.replace(/createNovaClient\(\{[\s\S]*?\n\}\);/, `createNovaClient({ authUrl: process.argv[2], username: "admin", password: "secret", projectName: "admin" });`);
  writeFileSync(
    join(app, "readme.mjs"),
    `${program}\nconsole.log(JSON.stringify({ flavors: flavors.map((f) => f.name), all: all.map((s) => s.name), server: server.name, image: image.id, backup: id, hypervisors: data.hypervisors.length }));\n`,
  );
  const { stdout } = await run(process.execPath, [join(app, "readme.mjs"), cloud.authUrl], { cwd: app });
  const [microversion, notFound, result] = stdout.trim().split("\n");
  expect(microversion).toBe("2.104");
  expect(notFound).toMatch(/^NotFound 404 itemNotFound req-[0-9a-f-]{36}$/);
  const nova = await admin(cloud.authUrl);
  const { servers } = await nova.servers.list({});
  expect(JSON.parse(result!)).toEqual({
    flavors: [...cloud.state.flavors.values()].filter((f) => f.ram >= 2048).map((f) => f.name),
    all: servers.filter((s) => s.status === "ACTIVE").map((s) => s.name),
    server: "web-1",
    image: [...cloud.state.images.values()].find((i) => i.name === "cirros")!.id,
    backup: expect.stringMatching(/^[0-9a-f-]{36}$/),
    hypervisors: expect.any(Number),
  });
});

it("npx nova --version runs the installed CLI", async () => {
  const { stdout } = await run("npx", ["--no-install", "nova", "--version"], { cwd: app });
  expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
});

it("import from an ES module: the same client, validating replies against the packed spec", async () => {
  writeFileSync(
    join(app, "main.mjs"),
    `import { createNovaClient } from "nova-ts";
const nova = await createNovaClient({ authUrl: process.argv[2], username: "admin", password: "secret", projectName: "admin", validateResponses: true });
console.log(JSON.stringify((await nova.servers.list()).servers.map((s) => s.name)));
`,
  );
  const { stdout } = await run(process.execPath, [join(app, "main.mjs"), cloud.authUrl], { cwd: app });
  expect(JSON.parse(stdout)).toEqual((await (await admin(cloud.authUrl)).servers.list()).servers.map((s) => s.name));
});

it("require('nova-ts') works from CommonJS: the client, its helpers, errors and reply validation", async () => {
  writeFileSync(
    join(app, "main.cjs"),
    `const { createNovaClient, isNotFound, NovaApiError } = require("nova-ts");
(async () => {
  const nova = await createNovaClient({ authUrl: process.argv[2], username: "admin", password: "secret", projectName: "admin", validateResponses: true });
  const { flavors } = await nova.flavors.list();
  const missing = await nova.servers.find("no-such-server").catch((e) => e);
  const gone = await nova.flavors.get({ flavor_id: "nope" }).catch((e) => e);
  console.log(JSON.stringify({ microversion: nova.microversion, flavors: flavors.map((f) => f.name), missing: isNotFound(missing), api: gone instanceof NovaApiError && gone.status }));
})();
`,
  );
  const { stdout } = await run(process.execPath, [join(app, "main.cjs"), cloud.authUrl], { cwd: app });
  expect(JSON.parse(stdout)).toEqual({
    microversion: "2.104",
    flavors: [...cloud.state.flavors.values()].map((f) => f.name),
    missing: true,
    api: 404,
  });
});

it("a TypeScript CommonJS consumer (.cts) gets the types through require and compiles and runs", async () => {
  writeFileSync(
    join(app, "consumer.cts"),
    `import { createNovaClient, isNotFound, type NovaClient } from "nova-ts";
declare const process: { argv: string[] };
async function main(): Promise<void> {
  const nova: NovaClient = await createNovaClient({ authUrl: process.argv[2]!, username: "admin", password: "secret", projectName: "admin" });
  const { flavors } = await nova.flavors.list();
  const names: string[] = flavors.map((f) => f.name);
  // @ts-expect-error a flavor has no such field: the types are the spec's, not any
  void flavors[0]!.no_such_field;
  const missing: unknown = await nova.servers.find("no-such-server").catch((e: unknown) => e);
  console.log(JSON.stringify({ names, missing: isNotFound(missing) }));
}
void main();
`,
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "node16", moduleResolution: "node16", target: "es2022", lib: ["es2023", "dom"], types: [], strict: true, skipLibCheck: true, outDir: "out" }, files: ["consumer.cts"] }),
  );
  await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", app], { cwd: app });
  const { stdout } = await run(process.execPath, [join(app, "out/consumer.cjs"), cloud.authUrl], { cwd: app });
  expect(JSON.parse(stdout)).toEqual({ names: [...cloud.state.flavors.values()].map((f) => f.name), missing: true });
});
