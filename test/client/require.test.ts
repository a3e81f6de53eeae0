import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
let cloud: Sandbox;
let app: string;
let packed: string[];
beforeAll(async () => {
  cloud = await startSandbox();
  // An application of its own, with nova-ts installed from the tarball npm publishes (its `files`
  // only; npm run build first, npm test does), its dependencies taken from this checkout.
  app = mkdtempSync(join(tmpdir(), "nova-ts-require-"));
  const pkg = join(app, "node_modules/nova-ts");
  mkdirSync(pkg, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", app], { cwd: root });
  const [{ filename, files }] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  packed = files.map((f) => f.path);
  await run("tar", ["-xzf", join(app, filename), "-C", pkg, "--strip-components=1"]);
  symlinkSync(join(root, "node_modules"), join(pkg, "node_modules"), "dir");
}, 60_000);
afterAll(async () => {
  rmSync(app, { recursive: true, force: true });
  await cloud?.close();
});

it("the package holds the spec once: the generated JSON in dist/, beside the YAML it comes from", () => {
  expect(packed.filter((f) => f.endsWith("openapi.json"))).toEqual(["dist/generated/openapi.json"]);
  expect(packed.filter((f) => f.startsWith("generated/"))).toEqual([]);
  expect(packed).toEqual(expect.arrayContaining(["dist/cjs/src/index.cjs", "dist/src/index.js", "dist/src/index.d.ts", "dist/cli/main.js", "spec/servers.yaml"]));
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
  expect(JSON.parse(stdout)).toEqual((await (await createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin" })).servers.list()).servers.map((s) => s.name));
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
