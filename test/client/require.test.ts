import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
let cloud: Sandbox;
let app: string;
beforeAll(async () => {
  cloud = await startSandbox();
  // An application of its own, with nova-ts installed as a package (npm run build first; npm test does).
  app = mkdtempSync(join(tmpdir(), "nova-ts-require-"));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(root, join(app, "node_modules/nova-ts"), "dir");
});
afterAll(async () => {
  rmSync(app, { recursive: true, force: true });
  await cloud?.close();
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
