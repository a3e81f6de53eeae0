/** Keystone v3 auth, catalog selection, token reuse and microversion negotiation on a real cloud. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaApiError, NovaClientError, createNovaClient } from "../../src/index.js";
import { type Counted, MAX_VERSION, type Proxy, REQ_ID, connect, credentials, expectNoMismatches, keystoneToken, nova, recordMismatch, startProxy } from "./cloud.js";

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy();
});
afterAll(async () => {
  await proxy?.close();
});

describe("Keystone v3 and the catalog", () => {
  it("authenticates by name, finds compute in the catalog and negotiates the newest microversion", async () => {
    const counted: Counted = { requests: [] };
    const client = await connect("admin", {}, counted);
    expect(client.microversion).toBe(MAX_VERSION);
    expect(client.serverRange).toEqual({ min: "2.1", max: MAX_VERSION });
    expect(client.endpoint).toBe("http://127.0.0.1:8774/v2.1");
    expect(counted.requests).toEqual(["POST keystone:/v3/auth/tokens", "GET /v2.1"]);
  });

  it("reuses one token for many calls", async () => {
    const counted: Counted = { requests: [] };
    const client = await connect("admin", {}, counted);
    await client.flavors.list();
    await client.flavors.get({ flavor_id: "1" });
    await client.servers.list({ limit: 1 });
    await client.limits.get();
    await client.availabilityZones.list();
    expect(counted.requests.filter((r) => r.includes("auth/tokens"))).toHaveLength(1);
    expect(counted.requests).toHaveLength(7);
  });

  it("authenticates by user and project id, and with domain ids", async () => {
    const { userId, projectId } = await keystoneToken("demo");
    const { authUrl, password } = credentials("demo");
    const byId = await createNovaClient({ authUrl, userId, password, projectId, validateResponses: (m) => recordMismatch(m) });
    expect(byId.microversion).toBe(MAX_VERSION);
    const limits = await byId.limits.get();
    expect(limits.limits.absolute.maxTotalInstances).toBeGreaterThan(0);
    const byDomainId = await createNovaClient({ authUrl, username: "demo", userDomainId: "default", password, projectName: "demo", projectDomainId: "default", validateResponses: (m) => recordMismatch(m) });
    expect((await byDomainId.flavors.list()).flavors.length).toBeGreaterThanOrEqual(5);
  });

  it("selects the endpoint by interface (public, internal, admin, and novaclient's spellings) and region", async () => {
    for (const iface of ["public", "internal", "admin", "internalURL", "adminURL", "publicURL"]) {
      const client = await connect("admin", { interface: iface, region: "RegionOne" });
      expect(client.endpoint, iface).toBe("http://127.0.0.1:8774/v2.1");
    }
  });

  it("explains a region without a compute endpoint", async () => {
    await expect(connect("admin", { region: "Nowhere" })).rejects.toThrow("publicURL endpoint for compute service in Nowhere region not found");
    const r = await nova(proxy, ["--os-region-name", "Nowhere", "flavor-list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("ERROR (EndpointNotFound): publicURL endpoint for compute service in Nowhere region not found\n");
  });

  it("reports a wrong password as Keystone's 401, in one line", async () => {
    const err = await connect("admin", { password: "wrong" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaApiError);
    expect((err as NovaApiError).status).toBe(401);
    expect(String(err)).toMatch(new RegExp(`^The request you have made requires authentication\\. \\(HTTP 401\\) \\(Request-ID: ${REQ_ID.source}\\)$`));
    const r = await nova(proxy, ["flavor-list"], "admin", { OS_PASSWORD: "wrong" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^ERROR \\(Unauthorized\\): The request you have made requires authentication\\. \\(HTTP 401\\) \\(Request-ID: ${REQ_ID.source}\\)\\n$`));
  });

  it("takes an existing token with an endpoint, without asking Keystone", async () => {
    const { token } = await keystoneToken("admin");
    const counted: Counted = { requests: [] };
    const client = await connect("admin", { authUrl: undefined, username: undefined, password: undefined, token, endpoint: "http://127.0.0.1:8774/v2.1" }, counted);
    expect((await client.flavors.get({ flavor_id: "1" })).flavor.name).toBe("m1.tiny");
    expect(counted.requests).toEqual(["GET /v2.1", "GET /v2.1/flavors/1"]);
  });

  it("the CLI asks Keystone once per command, and the catalog's endpoint by interface", async () => {
    const before = proxy.keystoneRequests.length;
    const r = await nova(proxy, ["show", "--minimal", "no-such-server-at-all"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("ERROR (CommandError): No server with a name or ID of 'no-such-server-at-all' exists.\n");
    expect(proxy.keystoneRequests.slice(before)).toEqual(["POST /v3/auth/tokens"]);
    for (const type of ["internal", "adminURL"]) {
      const list = await nova(proxy, ["--os-endpoint-type", type, "flavor-list"]);
      expect(list.code, list.stderr).toBe(0);
      // The cloud may hold other flavors (wider columns): match the row, not the widths.
      expect(list.stdout).toMatch(/^\| 1 +\| m1\.tiny +\|/m);
    }
  });
});

describe("version discovery and negotiation", () => {
  it("lists the versions and sends the negotiated microversion in both headers", async () => {
    const client = await connect("admin", { microversion: "2.60" });
    expect(client.microversion).toBe("2.60");
    const { versions } = await client.versions.list();
    expect(versions.find((v) => v.id === "v2.1")).toMatchObject({ status: "CURRENT", version: MAX_VERSION, min_version: "2.1" });
    const { response } = await client.raw.GET("/flavors/{flavor_id}", { params: { path: { flavor_id: "1" } } });
    expect(response.headers.get("openstack-api-version")).toBe("compute 2.60");
    const oldest = await connect("admin", { microversion: "2.1" });
    expect((await oldest.servers.list({ limit: 1 })).servers).toBeDefined();
  });

  it("refuses a microversion the server lacks, naming its range (library and CLI)", async () => {
    await expect(connect("admin", { microversion: "2.99" })).rejects.toThrow("The valid version range is '2.1' to '2.93'");
    const r = await nova(proxy, ["--os-compute-api-version", "2.99", "flavor-list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("ERROR (UnsupportedVersion): The specified version isn't supported by server. The valid version range is '2.1' to '2.93'\n");
  });

  it("refuses an operation newer than the session before sending it", async () => {
    const counted: Counted = { requests: [] };
    const client = await connect("admin", { microversion: "2.54" }, counted);
    const before = counted.requests.length;
    const err = await client.flavors.update({ flavor_id: "1", body: { flavor: { description: "x" } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaClientError);
    expect((err as Error).message).toContain("needs compute API microversion 2.55 or later, but this session uses 2.54");
    expect(counted.requests.length).toBe(before);
    expect(client.supports("updateFlavor")).toBe(false);
    const proxied = proxy.requests.length;
    const r = await nova(proxy, ["--os-compute-api-version", "2.54", "flavor-update", "1", "x"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(proxy.requests.slice(proxied).filter((q) => q.method === "PUT")).toEqual([]);
  });

  it("version-list through the CLI shows the server's range", async () => {
    const r = await nova(proxy, ["version-list"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\| v2\.1 +\| CURRENT +\| \S+ +\| 2\.1 +\| 2\.93 +\|$/m);
  });
});

it("every reply matched the spec at its microversion", () => {
  expect(proxy.validated(), "the proxy checked the CLI's replies").toBeGreaterThan(0);
  expectNoMismatches();
});
