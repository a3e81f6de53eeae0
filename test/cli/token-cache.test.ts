import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { adminEnv, nova } from "./run-cli.js";

let cloud: Sandbox;
let cache: string;
let env: Record<string, string>;
beforeAll(async () => {
  cloud = await startSandbox();
  cache = await mkdtemp(join(tmpdir(), "nova-ts-cache-"));
  env = { ...adminEnv(cloud.authUrl), XDG_CACHE_HOME: cache };
});
afterAll(async () => {
  await cloud.close();
  await rm(cache, { recursive: true, force: true });
});

const tokenRequests = () => cloud.requests.filter((r) => r.endsWith("/auth/tokens")).length;
const entries = async () => {
  const dir = join(cache, "nova-ts/tokens");
  return (await readdir(dir)).map((f) => join(dir, f));
};

describe("--os-cache", () => {
  it("is off by default: every call authenticates", async () => {
    const before = tokenRequests();
    await nova(["flavor-list"], env);
    await nova(["flavor-list"], env);
    expect(tokenRequests() - before).toBe(2);
  });

  it("lets the second call skip Keystone and discovery, in a 0600 file without the password", async () => {
    const before = tokenRequests();
    expect((await nova(["--os-cache", "flavor-list"], env)).code).toBe(0);
    const second = cloud.requests.length;
    expect((await nova(["--os-cache", "flavor-list"], env)).code).toBe(0);
    expect(tokenRequests() - before).toBe(1);
    expect(cloud.requests.slice(second)).toEqual(["GET /compute/v2.1/flavors/detail"]);
    const [file] = await entries();
    expect((await stat(file!)).mode & 0o777).toBe(0o600);
    expect((await stat(join(cache, "nova-ts/tokens"))).mode & 0o777).toBe(0o700);
    const text = await readFile(file!, "utf8");
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).token).toMatch(/^gAAAA/);
  });

  it("is keyed by user and project: another user gets its own entry", async () => {
    await nova(["--os-cache", "list"], { ...env, OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" });
    expect(await entries()).toHaveLength(2);
  });

  it("honours OS_CACHE and ignores an expired token", async () => {
    for (const file of await entries()) {
      const entry = JSON.parse(await readFile(file, "utf8"));
      await writeFile(file, JSON.stringify({ ...entry, expiresAt: "2000-01-01T00:00:00.000000Z" }), { mode: 0o600 });
    }
    const before = tokenRequests();
    expect((await nova(["flavor-list"], { ...env, OS_CACHE: "1" })).code).toBe(0);
    expect(tokenRequests() - before).toBe(1);
  });

  it("gets a new token when the cloud refuses the cached one", async () => {
    cloud.state.tokens.clear();
    const before = tokenRequests();
    const r = await nova(["--os-cache", "flavor-show", "1"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(tokenRequests() - before).toBe(1);
  });
});
