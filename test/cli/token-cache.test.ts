import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

  it("goes without a cache, at once, where its folder cannot be made (XDG_CACHE_HOME=/proc/nope)", async () => {
    const r = await nova(["--os-cache", "--debug", "flavor-list"], { ...env, XDG_CACHE_HOME: "/proc/nope" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("m1.tiny");
    expect(r.stderr).toMatch(/^Token cache not written: ENOENT/m);
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

/**
 * A local attacker who can write into the cache plants an entry whose catalog sends compute
 * calls (and our token) to their host. Such an entry must never be read.
 */
describe("--os-cache against a planted entry", () => {
  let attacker: Server;
  let hits: string[];
  let attackerUrl: string;
  let home: string;
  let plantedEnv: Record<string, string>;
  let attackerStatus = 500;

  beforeAll(async () => {
    hits = [];
    attacker = createServer((req, res) => {
      hits.push(`${req.method} ${req.url} token=${req.headers["x-auth-token"] ?? ""}`);
      res.writeHead(attackerStatus).end();
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/compute/v2.1`;
    home = await mkdtemp(join(tmpdir(), "nova-ts-planted-"));
    plantedEnv = { ...adminEnv(cloud.authUrl), XDG_CACHE_HOME: home };
  });
  afterAll(async () => {
    attacker.close();
    await rm(home, { recursive: true, force: true });
  });

  const root = () => join(home, "nova-ts");
  const folder = () => join(root(), "tokens");
  /** A real entry (from a first run), then its compute endpoints pointed at the attacker. */
  const plant = async () => {
    await rm(root(), { recursive: true, force: true });
    expect((await nova(["--os-cache", "flavor-list"], plantedEnv)).code).toBe(0);
    const [file] = (await readdir(folder())).map((f) => join(folder(), f));
    const entry = JSON.parse(await readFile(file!, "utf8"));
    for (const service of entry.catalog) for (const e of service.endpoints ?? []) if (service.type === "compute") e.url = attackerUrl;
    entry.versions = {};
    await writeFile(file!, JSON.stringify(entry));
    return file!;
  };
  const runWithCache = async () => {
    hits.length = 0;
    const before = tokenRequests();
    const r = await nova(["--os-cache", "--debug", "flavor-list"], plantedEnv);
    return { ...r, fresh: tokenRequests() - before };
  };

  it("is used when the files are the user's own and private (the attack's control)", async () => {
    await plant();
    const r = await runWithCache();
    expect(hits.length).toBeGreaterThan(0);
    expect(r.fresh).toBe(0);
  });

  it("sends no renewed token to a cached endpoint that Keystone's catalog does not name (a 401 there)", async () => {
    await plant();
    attackerStatus = 401;
    try {
      const r = await runWithCache();
      expect(r.code).toBe(1);
      expect(r.fresh).toBe(1);
      expect(r.stderr).toContain(`ERROR (EndpointNotFound): The compute endpoint ${attackerUrl} (from the token cache) is not in Keystone's catalog: the new token is not sent there.\n`);
      // Only the planted token ever reached it.
      expect(new Set(hits.map((h) => h.split(" token=")[1]))).toHaveProperty("size", 1);
    } finally {
      attackerStatus = 500;
    }
    // The entry now holds Keystone's catalog: the next run goes to the real endpoint.
    const again = await runWithCache();
    expect([again.code, hits, again.fresh]).toEqual([0, [], 0]);
  });

  it.each([
    ["a world-writable cache folder", async () => chmod(root(), 0o777)],
    ["a group-writable tokens folder", async () => chmod(folder(), 0o770)],
    ["a world-writable entry", async (file: string) => chmod(file, 0o666)],
  ])("is never read from %s: a fresh token, the real endpoint, a --debug line", async (_, loosen) => {
    const file = await plant();
    await loosen(file);
    const r = await runWithCache();
    expect(hits).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.fresh).toBe(1);
    expect(r.stderr).toMatch(/Token cache not used: .* writable by others/);
  });

  it("is never read through a symlink", async () => {
    const file = await plant();
    const elsewhere = join(home, "elsewhere.json");
    await rename(file, elsewhere);
    await symlink(elsewhere, file);
    const r = await runWithCache();
    expect(hits).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.fresh).toBe(1);
  });

  it.skipIf(process.getuid?.() !== 0)("is never read when another user owns it", async () => {
    const file = await plant();
    await chown(file, 65534, 65534);
    const r = await runWithCache();
    expect(hits).toEqual([]);
    expect(r.fresh).toBe(1);
    expect(r.stderr).toMatch(/Token cache not used: .* belongs to another user/);
  });

  it.each([
    ["the entry is a folder", async (file: string) => {
      await rm(file);
      await mkdir(file);
    }],
    ["tokens is a file", async () => {
      await rm(folder(), { recursive: true });
      await writeFile(folder(), "", { mode: 0o600 });
    }],
    ["the entry is empty", async (file: string) => writeFile(file, "")],
    ["the entry is corrupt", async (file: string) => writeFile(file, "{\"token\": ")],
    ["the entry is JSON null", async (file: string) => writeFile(file, "null")],
  ])("degrades to no cache when %s, and the command still succeeds", async (_, spoil) => {
    const file = await plant();
    await spoil(file);
    const r = await runWithCache();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.stdout).toContain("m1.tiny");
    expect(r.fresh).toBe(1);
    expect(hits).toEqual([]);
  });
});
