import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCloud } from "../../src/client/clouds.js";
import { cacheKey } from "../../src/client/token-cache.js";
import { createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { adminEnv, nova } from "./run-cli.js";

let cloud: Sandbox;
let home: string;
/** The sandbox's admin application credential (src/sandbox/state.ts). */
const APP = { id: "6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f", name: "sandbox-cli", secret: "sandbox-app-secret" };

beforeAll(async () => {
  cloud = await startSandbox();
  home = mkdtempSync(join(tmpdir(), "nova-ts-clouds-"));
});
afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await cloud?.close();
});

/** Writes files under a fresh folder and returns it: { "config/openstack/clouds.yaml": text, ... }. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(home, "case-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const yaml = (clouds: Record<string, string>) => `clouds:\n${Object.entries(clouds).map(([name, body]) => `  ${name}:\n${body.replace(/^/gm, "    ")}`).join("\n")}\n`;
const passwordCloud = (password: string) => `auth:\n  auth_url: ${cloud.authUrl}\n  username: admin\n  password: ${password}\n  project_name: admin\n  user_domain_name: Default\n  project_domain_name: Default\nregion_name: RegionOne\n`;
/** No OS_* variables at all: only what the files say (HOME and XDG_CONFIG_HOME point at them). */
const bare = (dir: string, more: Record<string, string> = {}) => ({ HOME: dir, XDG_CONFIG_HOME: join(dir, "config"), ...more });

describe("clouds.yaml", () => {
  it("OS_CLOUD picks a cloud of ~/.config/openstack/clouds.yaml, with the password from secure.yaml: the same table as OS_* variables give", async () => {
    const dir = folder({
      "config/openstack/clouds.yaml": yaml({ other: passwordCloud("wrong"), sandbox: passwordCloud("").replace("  password: \n", "") }),
      "config/openstack/secure.yaml": yaml({ sandbox: "auth:\n  password: secret\n" }),
    });
    const viaFile = await nova(["flavor-list"], bare(dir, { OS_CLOUD: "sandbox" }));
    const viaEnv = await nova(["flavor-list"], adminEnv(cloud.authUrl));
    expect(viaFile.stderr).toBe("");
    expect(viaFile.code).toBe(0);
    expect(viaFile.stdout).toBe(viaEnv.stdout);
    expect(viaFile.stdout).toContain("m1.tiny");
  });

  it("options beat OS_* variables, which beat the file; --os-cloud beats OS_CLOUD", async () => {
    const dir = folder({ "config/openstack/clouds.yaml": yaml({ wrong: passwordCloud("not-it"), right: passwordCloud("secret") }) });
    expect((await nova(["flavor-list"], bare(dir, { OS_CLOUD: "wrong" }))).stderr).toMatch(/^ERROR \(Unauthorized\)/);
    expect((await nova(["flavor-list"], bare(dir, { OS_CLOUD: "wrong", OS_PASSWORD: "secret" }))).code).toBe(0);
    expect((await nova(["--os-password", "not-it-either", "flavor-list"], bare(dir, { OS_CLOUD: "right" }))).stderr).toMatch(/^ERROR \(Unauthorized\)/);
    expect((await nova(["--os-cloud", "right", "flavor-list"], bare(dir, { OS_CLOUD: "wrong" }))).code).toBe(0);
  });

  it("OS_CLIENT_CONFIG_FILE comes first, and ./clouds.yaml before the user's", () => {
    const dir = folder({ "explicit.yaml": yaml({ a: "auth:\n  auth_url: http://explicit/v3\n" }), "cwd/clouds.yaml": yaml({ a: "auth:\n  auth_url: http://cwd/v3\n" }), "config/openstack/clouds.yaml": yaml({ a: "auth:\n  auth_url: http://user/v3\n" }) });
    expect(loadCloud("a", bare(dir, { OS_CLIENT_CONFIG_FILE: join(dir, "explicit.yaml") }), join(dir, "cwd")).options.authUrl).toBe("http://explicit/v3");
    expect(loadCloud("a", bare(dir), join(dir, "cwd"))).toEqual({ file: join(dir, "cwd/clouds.yaml"), options: { authUrl: "http://cwd/v3", authType: "password" } });
    expect(loadCloud("a", bare(dir), join(dir, "elsewhere")).options.authUrl).toBe("http://user/v3");
  });

  it("reads region_name, interface, verify, cacert, compute_api_version and api_timeout", () => {
    const dir = folder({ "config/openstack/clouds.yaml": yaml({ c: "auth:\n  auth_url: https://k/v3\n  token: t0k\n  project_id: p1\nauth_type: v3token\nregion_name: North\ninterface: internal\nverify: false\ncacert: /etc/ca.pem\ncompute_api_version: '2.60'\napi_timeout: 30\n" }) });
    expect(loadCloud("c", bare(dir), dir).options).toEqual({ authUrl: "https://k/v3", authType: "v3token", token: "t0k", projectId: "p1", region: "North", interface: "internal", insecure: true, cacert: "/etc/ca.pem", microversion: "2.60", timeout: 30 });
  });

  it("an application credential by id (auth_type v3applicationcredential): no scope asked, the secret never printed, even with --debug", async () => {
    const dir = folder({ "config/openstack/clouds.yaml": yaml({ app: `auth_type: v3applicationcredential\nauth:\n  auth_url: ${cloud.authUrl}\n  application_credential_id: ${APP.id}\n  application_credential_secret: ${APP.secret}\n` }) });
    const r = await nova(["--debug", "flavor-list"], bare(dir, { OS_CLOUD: "app" }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("m1.tiny");
    expect(r.stdout + r.stderr).not.toContain(APP.secret);
    // --debug shows the token request with the secret masked, and no scope in it.
    const body = /curl -g -i -X POST \S+\/auth\/tokens .* -d '(.*)'$/m.exec(r.stderr)?.[1];
    expect(JSON.parse(body!)).toEqual({ auth: { identity: { methods: ["application_credential"], application_credential: { id: APP.id, secret: "***" } } } });
  });

  it("two application credentials of one cloud keep two token cache entries", () => {
    const base = { authUrl: cloud.authUrl, applicationCredentialSecret: APP.secret };
    expect(cacheKey({ ...base, applicationCredentialId: "a" })).not.toBe(cacheKey({ ...base, applicationCredentialId: "b" }));
    expect(cacheKey({ ...base, applicationCredentialName: "a", username: "admin" })).not.toBe(cacheKey({ ...base, username: "admin" }));
  });

  it("an application credential by name with its user, from the --os-* options as openstackclient takes them", async () => {
    const env = { OS_AUTH_URL: cloud.authUrl, OS_USERNAME: "admin", OS_USER_DOMAIN_NAME: "Default" };
    const words = ["--os-auth-type", "v3applicationcredential", "--os-application-credential-name", APP.name, "--os-application-credential-secret", APP.secret, "flavor-list"];
    const r = await nova(words, env);
    expect([r.stderr, r.code]).toEqual(["", 0]);
    const wrong = await nova(words.map((w) => (w === APP.secret ? "not-the-secret" : w)), env);
    expect(wrong.stderr).toMatch(/^ERROR \(Unauthorized\)/);
  });

  it("a missing cloud, bad YAML or a value of the wrong kind is one line naming the file and the key", async () => {
    const dir = folder({
      "config/openstack/clouds.yaml": yaml({ one: passwordCloud("secret"), typed: "auth: [1, 2]\n", odd: "auth_type: saml2\n" }),
      "broken/clouds.yaml": "clouds:\n  x: {auth: [\n",
    });
    const file = join(dir, "config/openstack/clouds.yaml");
    const cases: [Record<string, string>, string][] = [
      [{ OS_CLOUD: "nope" }, `ERROR (CommandError): Cloud nope was not found in ${file} (it has: one, typed, odd).\n`],
      [{ OS_CLOUD: "typed" }, `ERROR (CommandError): ${file}: clouds.typed.auth must be a mapping\n`],
      [{ OS_CLOUD: "odd" }, `ERROR (CommandError): ${file}: clouds.odd.auth_type saml2 is not supported (password, v3password, token, v3token, v3applicationcredential, applicationcredential)\n`],
      [{ OS_CLOUD: "x", OS_CLIENT_CONFIG_FILE: join(dir, "broken/clouds.yaml") }, `ERROR (CommandError): ${join(dir, "broken/clouds.yaml")}, line 3, column 1: not valid YAML`],
    ];
    for (const [env, message] of cases) {
      const r = await nova(["flavor-list"], bare(dir, env));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    const none = await nova(["flavor-list"], bare(join(dir, "empty"), { OS_CLOUD: "one" }));
    expect(none.stderr).toMatch(/^ERROR \(CommandError\): Cloud one was not found: there is no clouds.yaml in /);
  });

  it("createNovaClient({ cloud }) in the library: the file's settings, under the options given", async () => {
    const dir = folder({ "clouds.yaml": yaml({ lib: passwordCloud("not-it") }) });
    const saved = process.env.OS_CLIENT_CONFIG_FILE;
    process.env.OS_CLIENT_CONFIG_FILE = join(dir, "clouds.yaml");
    try {
      await expect(createNovaClient({ cloud: "lib" })).rejects.toMatchObject({ kind: "Unauthorized" });
      const client = await createNovaClient({ cloud: "lib", password: "secret" });
      expect((await client.flavors.list()).flavors.map((f) => f.name)).toContain("m1.tiny");
    } finally {
      if (saved === undefined) delete process.env.OS_CLIENT_CONFIG_FILE;
      else process.env.OS_CLIENT_CONFIG_FILE = saved;
    }
  });
});
