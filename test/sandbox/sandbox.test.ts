import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseVersion } from "../../src/core/version.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { loadValidator } from "../../src/spec/validator.js";

let cloud: Sandbox;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
  for (const user of ["admin", "demo"]) {
    const r = await fetch(`${cloud.authUrl}/auth/tokens`, {
      method: "POST",
      body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: user, domain: { id: "default" }, password: "secret" } } }, scope: { project: { name: user, domain: { id: "default" } } } } }),
    });
    expect(r.status).toBe(201);
    tokens[user] = r.headers.get("x-subject-token")!;
  }
});
afterAll(() => cloud.close());

async function call(method: string, path: string, { body, version, user = "admin" }: { body?: unknown; version?: string; user?: string } = {}) {
  const headers: Record<string, string> = { "X-Auth-Token": tokens[user]!, "Content-Type": "application/json" };
  if (version) headers["OpenStack-API-Version"] = `compute ${version}`;
  const r = await fetch(`${cloud.computeUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: text && r.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as Record<string, any>) : undefined };
}

describe("sandbox cloud", () => {
  it("binds 127.0.0.1 on a free port", () => {
    expect(cloud.authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/identity\/v3$/);
  });

  it("wants a token, and refuses versions outside its range as Nova does", async () => {
    expect((await fetch(`${cloud.computeUrl}/flavors`)).status).toBe(401);
    const r = await call("GET", "/flavors", { version: "2.99" });
    expect([r.status, r.json]).toEqual([406, { computeFault: { code: 406, message: "Version 2.99 is not supported by the API. Minimum is 2.1 and maximum is 2.93." } }]);
    expect(r.headers.get("openstack-api-version")).toBe("compute 2.99");
  });

  it("keeps a path segment that is not valid percent-encoding as sent, as Nova does (not a 500)", async () => {
    const r = await call("GET", "/servers/%zz");
    expect([r.status, r.json]).toEqual([404, { itemNotFound: { code: 404, message: "Instance %zz could not be found." } }]);
  });

  it("answers 404 for an operation the request's microversion does not have", async () => {
    const r = await call("PUT", "/flavors/1", { version: "2.54", body: { flavor: { description: "x" } } });
    expect([r.status, r.json]).toEqual([404, { itemNotFound: { code: 404, message: "The resource could not be found." } }]);
  });

  it("validates request bodies against the spec at the request's microversion", async () => {
    const bad = await call("POST", "/flavors", { version: "2.60", body: { flavor: { name: "x", ram: 1, vcpus: 1, disk: 1, bogus: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.json?.badRequest.message).toContain("Invalid input for field/attribute flavor.");
    expect(bad.json?.badRequest.message).toContain("('bogus' was unexpected)");
    const old = await call("POST", "/flavors", { version: "2.54", body: { flavor: { name: "x", ram: 1, vcpus: 1, disk: 1, description: "too new" } } });
    expect(old.json?.badRequest.message).toContain("('description' was unexpected)");
    expect((await call("POST", "/flavors", { body: "{" as unknown })).status).toBe(400);
  });

  it("refuses flavor sizes beyond Nova's MAX_INT (2^31-1), as a number or a numeric string, in Nova's words", async () => {
    for (const [field, value] of [["ram", 2147483648], ["swap", "2147483648"], ["vcpus", 4294967296]] as const) {
      const r = await call("POST", "/flavors", { body: { flavor: { name: `big-${field}`, ram: 1, vcpus: 1, disk: 1, [field]: value } } });
      expect([r.status, r.json?.badRequest.message]).toEqual([400, `Invalid input for field/attribute ${field}. Value: ${value}. ${value} is greater than the maximum of 2147483647`]);
    }
    expect((await call("POST", "/flavors", { body: { flavor: { name: "max-int", ram: 2147483647, vcpus: 1, disk: 1 } } })).status).toBe(200);
  });

  it("keeps state: created flavors are listed, deleted servers are gone", async () => {
    const created = await call("POST", "/flavors", { version: "2.60", body: { flavor: { name: "state.test", ram: 64, vcpus: 1, disk: 0, id: "st1" } } });
    expect(created.status).toBe(200);
    const list = await call("GET", "/flavors/detail?minRam=64&is_public=None");
    expect(list.json?.flavors.map((f: { id: string }) => f.id)).toContain("st1");
    const web = [...cloud.state.servers.values()].find((s) => s.name === "web-1")!;
    expect((await call("DELETE", `/servers/${web.id}`)).status).toBe(204);
    expect((await call("GET", `/servers/${web.id}`)).status).toBe(404);
  });

  it("shapes replies by microversion (swap '' before 2.75, no rxtx_factor from 2.102)", async () => {
    expect((await call("GET", "/flavors/1", { version: "2.74" })).json?.flavor.swap).toBe("");
    expect((await call("GET", "/flavors/1", { version: "2.75" })).json?.flavor.swap).toBe(0);
    expect((await call("GET", "/flavors/1", { version: "2.1" })).text).toContain('"rxtx_factor":1.0');
  });

  it("enforces admin policy for the demo user", async () => {
    const r = await call("POST", "/flavors", { user: "demo", body: { flavor: { name: "n", ram: 1, vcpus: 1, disk: 1 } } });
    expect([r.status, r.json?.forbidden.message]).toEqual([403, "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed."]);
  });

  it("pages with limit and marker and a next link", async () => {
    const first = await call("GET", "/flavors?limit=2");
    expect(first.json?.flavors).toHaveLength(2);
    const next = new URL(first.json?.flavors_links[0].href);
    expect(next.searchParams.get("marker")).toBe(first.json?.flavors[1].id);
    expect((await call("GET", "/flavors?marker=nope")).status).toBe(400);
  });

  it("answers removed APIs with 410 Gone", async () => {
    const r = await call("GET", "/os-cells");
    expect([r.status, r.json?.computeFault.code]).toEqual([410, 410]);
  });

  it("answers operations without a handler with the spec's example, valid at the request's version", async () => {
    const validator = await loadValidator();
    for (const [path, id, version] of [["/extensions", "listExtensions", "2.93"], ["/os-tenant-networks", "listTenantNetworks", "2.35"]] as const) {
      const r = await call("GET", path, { version });
      expect(r.status, path).toBe(200);
      expect(validator.validate(id, { status: 200 }, parseVersion(version), r.json), path).toEqual([]);
    }
  });
});
