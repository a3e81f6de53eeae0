/**
 * clouds.yaml and application credentials against the real Keystone: the demo user makes an
 * application credential, and nova-ts signs in with it from clouds.yaml (by id), from the
 * --os-* options (by name, with its user) and from the library; admin signs in from a
 * clouds.yaml whose password is in secure.yaml.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createNovaClient } from "../../src/index.js";
import { nova } from "../cli/run-cli.js";
import { RUN, credentials, keystoneToken, openrc } from "./cloud.js";

const SECRET = `${RUN}-application-secret`;
let home: string;
let demo: Awaited<ReturnType<typeof keystoneToken>>;
let credential: { id: string; name: string };

/** Keystone's own API, with the demo user's token: a user manages their application credentials. */
async function keystone(method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${openrc("demo").OS_AUTH_URL!.replace(/\/+$/, "")}${path}`, {
    method,
    headers: { "Content-Type": "application/json", "X-Auth-Token": demo.token },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

beforeAll(async () => {
  demo = await keystoneToken("demo");
  const created = await keystone("POST", `/users/${demo.userId}/application_credentials`, { application_credential: { name: `${RUN}-app`, secret: SECRET } });
  expect(created.status).toBe(201);
  credential = ((await created.json()) as { application_credential: { id: string; name: string } }).application_credential;
  home = mkdtempSync(join(tmpdir(), "nova-ts-real-clouds-"));
  mkdirSync(join(home, "config/openstack"), { recursive: true });
  const admin = credentials("admin");
  writeFileSync(
    join(home, "config/openstack/clouds.yaml"),
    `clouds:
  app:
    auth_type: v3applicationcredential
    auth:
      auth_url: ${openrc("demo").OS_AUTH_URL}
      application_credential_id: ${credential.id}
      application_credential_secret: ${SECRET}
    region_name: ${openrc("demo").OS_REGION_NAME ?? "RegionOne"}
  admin:
    auth:
      auth_url: ${admin.authUrl}
      username: ${admin.username}
      project_name: ${admin.projectName}
      user_domain_name: ${admin.userDomainName}
      project_domain_name: ${admin.projectDomainName}
    interface: public
`,
  );
  writeFileSync(join(home, "config/openstack/secure.yaml"), `clouds:\n  admin:\n    auth:\n      password: ${admin.password}\n`);
});
afterAll(async () => {
  if (home) rmSync(home, { recursive: true, force: true });
  if (credential) await keystone("DELETE", `/users/${demo.userId}/application_credentials/${credential.id}`);
});

const files = () => ({ HOME: home, XDG_CONFIG_HOME: join(home, "config"), NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" });

it("OS_CLOUD with an application credential by id: the demo user's own view, as with a password", async () => {
  const viaCredential = await nova(["list"], { ...files(), OS_CLOUD: "app" });
  const viaPassword = await nova(["list"], { ...openrc("demo"), NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" });
  expect(viaCredential.stderr).toBe("");
  expect(viaCredential.code).toBe(0);
  expect(viaCredential.stdout).toBe(viaPassword.stdout);
  expect((await nova(["flavor-list"], { ...files(), OS_CLOUD: "app" })).stdout).toContain("m1.tiny");
});

it("the --os-* options with the credential's name and its user, as openstackclient takes them; a wrong secret is Keystone's 401", async () => {
  const env = { OS_AUTH_URL: openrc("demo").OS_AUTH_URL!, NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" };
  const words = (secret: string) => ["--os-auth-type", "v3applicationcredential", "--os-application-credential-name", credential.name, "--os-application-credential-secret", secret, "--os-username", openrc("demo").OS_USERNAME!, "--os-user-domain-name", "Default", "flavor-list"];
  const right = await nova(words(SECRET), env);
  expect([right.stderr, right.code]).toEqual(["", 0]);
  expect(right.stdout).toContain("m1.tiny");
  const wrong = await nova(words("not-the-secret"), env);
  expect(wrong.stderr).toMatch(/^ERROR \(Unauthorized\): .*\(HTTP 401\)/);
});

it("a clouds.yaml cloud with its password in secure.yaml (admin)", async () => {
  const r = await nova(["service-list"], { ...files(), OS_CLOUD: "admin" });
  expect([r.stderr, r.code]).toEqual(["", 0]);
  expect(r.stdout).toMatch(/\| nova-compute +\| realcloud /);
});

it("createNovaClient({ cloud }) signs in with the application credential, scoped to its project", async () => {
  const saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = join(home, "config");
  try {
    const client = await createNovaClient({ cloud: "app" });
    expect(client.projectId).toBe(demo.projectId);
    expect(Array.isArray((await client.servers.list()).servers)).toBe(true);
  } finally {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
  }
});
