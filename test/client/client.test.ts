import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaApiError, NovaClientError } from "../../src/core/errors.js";
import { NoMatchError, createNovaClient, isNotFound } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

let cloud: Sandbox;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
});
afterAll(() => cloud.close());

const admin = () => ({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin", userDomainName: "Default", projectDomainName: "Default" });

describe("createNovaClient", () => {
  it("authenticates with Keystone v3, finds compute in the catalog, negotiates 2.latest", async () => {
    const before = cloud.requests.length;
    const nova = await createNovaClient(admin());
    expect(nova.microversion).toBe("2.93");
    expect(nova.serverRange).toEqual({ min: "2.1", max: "2.93" });
    expect(nova.endpoint).toBe(cloud.computeUrl);
    expect(cloud.requests.slice(before)).toEqual(["POST /identity/v3/auth/tokens", "GET /compute/v2.1"]);
  });

  it("authenticates by user and project id too", async () => {
    const user = cloud.state.users.find((u) => u.name === "demo")!;
    const nova = await createNovaClient({ authUrl: cloud.authUrl, userId: user.id, password: "secret", projectId: user.project.id });
    const servers = await nova.servers.listAll();
    expect(servers.map((s) => s.name)).toEqual(["demo-vm"]);
  });

  it("reports a wrong password as Keystone's 401", async () => {
    const err = await createNovaClient({ ...admin(), password: "wrong" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaApiError);
    expect((err as NovaApiError).status).toBe(401);
    expect(String(err)).toMatch(/^The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-/);
  });

  it("explains a region without a compute endpoint", async () => {
    await expect(createNovaClient({ ...admin(), region: "Nowhere" })).rejects.toThrow("publicURL endpoint for compute service in Nowhere region not found");
  });

  it("picks the endpoint by interface, and takes an endpoint override as is", async () => {
    const internal = await createNovaClient({ ...admin(), interface: "internalURL" });
    expect(internal.endpoint).toBe(cloud.computeUrl);
    const token = [...cloud.state.tokens.keys()][0]!;
    const before = cloud.requests.length;
    const bypass = await createNovaClient({ token, endpoint: cloud.computeUrl });
    expect(cloud.requests.slice(before)).toEqual(["GET /compute/v2.1"]);
    expect((await bypass.flavors.get({ flavor_id: "1" })).flavor.name).toBe("m1.tiny");
  });

  it("sends both microversion headers and refuses versions the server lacks", async () => {
    await expect(createNovaClient({ ...admin(), microversion: "2.99" })).rejects.toThrow("The valid version range is '2.1' to '2.93'");
    const nova = await createNovaClient({ ...admin(), microversion: "2.60" });
    const { response } = await nova.raw.GET("/flavors/{flavor_id}", { params: { path: { flavor_id: "1" } } });
    expect(response.headers.get("openstack-api-version")).toBe("compute 2.60");
  });

  it("stops a request when the caller's signal aborts, with the caller's AbortError", async () => {
    const nova = await createNovaClient(admin());
    const before = cloud.requests.length;
    const err = await nova.raw.GET("/flavors/detail", { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(cloud.requests.length).toBe(before);
  });

  it("takes an AbortSignal in every helper and call: aborted before, nothing is sent; aborted during, the reply is dropped", async () => {
    const nova = await createNovaClient(admin());
    const before = cloud.requests.length;
    for (const attempt of [nova.flavors.list({}, { signal: AbortSignal.abort() }), nova.servers.get({ server_id: "x" }, { signal: AbortSignal.abort() }), nova.call("listKeypairs", {}, { signal: AbortSignal.abort() })]) {
      expect(((await attempt.catch((e: unknown) => e)) as Error).name).toBe("AbortError");
    }
    expect(cloud.requests.length).toBe(before);
    // A request under way: the sandbox answers in its own time; the abort comes first.
    const controller = new AbortController();
    const listing = nova.servers.list({}, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await listing) as Error).name).toBe("AbortError");
    // The same client goes on working.
    expect((await nova.flavors.list()).flavors.length).toBeGreaterThan(0);
  });

  it("refuses an operation newer than the session before sending anything", async () => {
    const nova = await createNovaClient({ ...admin(), microversion: "2.54" });
    const before = cloud.requests.length;
    // @ts-expect-error pinned to 2.54, the client's type has no flavors.update (from 2.55): a type error, and refused at run time
    const err = await nova.flavors.update({ flavor_id: "1", body: { flavor: { description: "x" } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaClientError);
    expect(String((err as Error).message)).toContain("needs compute API microversion 2.55 or later, but this session uses 2.54");
    expect(cloud.requests.length).toBe(before);
    expect(nova.supports("updateFlavor")).toBe(false);
  });

  it("refuses raw calls and actions newer than the session too, before sending", async () => {
    const nova = await createNovaClient({ ...admin(), microversion: "2.16" });
    const server = (await nova.servers.listAll())[0]!;
    const before = cloud.requests.length;
    const update = await nova.raw.PUT("/flavors/{flavor_id}", { params: { path: { flavor_id: "1" } }, body: { flavor: { description: "x" } } }).catch((e: unknown) => e);
    expect(String(update)).toContain("PUT /flavors/{flavor_id} needs compute API microversion 2.55 or later, but this session uses 2.16");
    const body = { trigger_crash_dump: null } as never;
    const crash = await nova.raw.POST("/servers/{server_id}/action", { params: { path: { server_id: server.id } }, body }).catch((e: unknown) => e);
    expect(String(crash)).toContain("Action trigger_crash_dump (POST /servers/{server_id}/action) needs compute API microversion 2.17 or later");
    expect(cloud.requests.length).toBe(before);
  });

  it("turns Nova faults into typed errors with fault name, code and request id", async () => {
    const nova = await createNovaClient(admin());
    const err = (await nova.flavors.get({ flavor_id: "nope" }).catch((e: unknown) => e)) as NovaApiError;
    expect(err).toBeInstanceOf(NovaApiError);
    expect([err.kind, err.status, err.fault, err.message]).toEqual(["NotFound", 404, "itemNotFound", "Flavor nope could not be found."]);
    expect(err.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it("takes a 204 that names JSON but has no body as the answer (checkServerTag), yet refuses an empty 200", async () => {
    const nova = await createNovaClient(admin());
    const [server] = await nova.servers.listAll();
    await nova.serverTags.add({ server_id: server!.id, tag: "blue" });
    const { response } = await nova.raw.GET("/servers/{server_id}/tags/{tag}", { params: { path: { server_id: server!.id, tag: "blue" } }, parseAs: "stream" });
    expect([response.status, response.headers.get("content-type")]).toEqual([204, "application/json"]);
    await expect(nova.serverTags.check({ server_id: server!.id, tag: "blue" })).resolves.toBeUndefined();
    await expect(nova.serverTags.check({ server_id: server!.id, tag: "red" })).rejects.toMatchObject({ status: 404 });
  });

  it("gives a clear error for an HTML 404 (a cloud without the operation)", async () => {
    const bare = await startSandbox({ without: ["backupInstance"] });
    try {
      const nova = await createNovaClient({ ...admin(), authUrl: bare.authUrl });
      const err = (await nova.servers.backupInstance({ server_id: "9168b536-cd40-4630-b43f-b259807c6e87", body: { name: "b" } }).catch((e: unknown) => e)) as NovaApiError;
      expect(err).toBeInstanceOf(NovaApiError);
      expect(err.status).toBe(404);
      expect(err.message).toBe("POST /compute/v2.1/servers/9168b536-cd40-4630-b43f-b259807c6e87/backup_instance is not offered by this cloud (the server answered 404 Not Found from its web framework, not Nova).");
    } finally {
      await bare.close();
    }
  });

  it("resolves names like python-novaclient, with its messages", async () => {
    const nova = await createNovaClient(admin());
    expect((await nova.flavors.find("m1.small")).id).toBe("2");
    expect((await nova.servers.find("web-1")).name).toBe("web-1");
    await expect(nova.servers.find("nope")).rejects.toThrow("No server with a name or ID of 'nope' exists.");
    const web = [...cloud.state.servers.values()].find((s) => s.name === "web-1")!;
    cloud.state.servers.set("0f0f0f0f-0000-4000-8000-000000000002", { ...web, id: "0f0f0f0f-0000-4000-8000-000000000002", name: "twin" });
    cloud.state.servers.set("0f0f0f0f-0000-4000-8000-000000000003", { ...web, id: "0f0f0f0f-0000-4000-8000-000000000003", name: "twin" });
    await expect(nova.servers.find("twin")).rejects.toThrow("Multiple server matches found for 'twin', use an ID to be more specific.");
    // Several matches is not "not found".
    expect(isNotFound(await nova.servers.find("twin").catch((e: unknown) => e))).toBe(false);
  });

  it("reports a look-up that finds nothing as not found, whichever service it asked", async () => {
    const nova = await createNovaClient(admin());
    const misses = await Promise.all([
      nova.servers.find("nope"),
      nova.flavors.find("m9.none"),
      nova.find("keypairs", "no-key"),
      nova.glance.find("no-image"),
      nova.glance.find("0f0f0f0f-0000-4000-8000-00000000dead"),
      nova.neutron.findNetwork("no-net"),
    ].map((p) => p.then(() => undefined, (e: unknown) => e)));
    for (const err of misses) {
      expect(isNotFound(err), String(err)).toBe(true);
      expect(err).toBeInstanceOf(NoMatchError);
      // The CLI still prints python-novaclient's CommandError for it.
      expect((err as NoMatchError).kind).toBe("CommandError");
    }
    expect(misses.map((e) => (e as NoMatchError).resource)).toEqual(["server", "flavor", "keypair", "image", "image", "network"]);
    // A 404 from the cloud itself still is one, as before.
    expect(isNotFound(await nova.servers.get({ server_id: "0f0f0f0f-0000-4000-8000-00000000dead" }).catch((e: unknown) => e))).toBe(true);
  });

  it("validates replies against the spec when asked, naming operation, microversion and field", async () => {
    const odd = await startSandbox({ maxVersion: "2.93", handlers: { showFlavor: () => ({ status: 200, body: { flavor: { id: "1", name: "x", ram: "lots" } } }) } });
    try {
      const strict = await createNovaClient({ ...admin(), authUrl: odd.authUrl, validateResponses: true });
      expect((await strict.flavors.list()).flavors.length).toBe(5);
      const err = (await strict.flavors.get({ flavor_id: "1" }).catch((e: unknown) => e)) as NovaClientError;
      expect(err.kind).toBe("SpecMismatch");
      expect(err.message).toMatch(/^showFlavor at microversion 2\.93 \(HTTP 200\): /);
      expect(err.message).toContain("/flavor/ram must be integer");
      const seen: string[] = [];
      const lenient = await createNovaClient({ ...admin(), authUrl: odd.authUrl, validateResponses: (m) => seen.push(`${m.operation} ${m.microversion}`) });
      await lenient.flavors.get({ flavor_id: "1" });
      expect(seen).toEqual(["showFlavor 2.93"]);
    } finally {
      await odd.close();
    }
  });

  it("follows next links to list every page", async () => {
    const big = await startSandbox({ servers: 25 });
    try {
      const nova = await createNovaClient({ ...admin(), authUrl: big.authUrl });
      const before = big.requests.length;
      const all = await nova.servers.listAll({ limit: 10 });
      expect(all).toHaveLength(27);
      expect(new Set(all.map((s) => s.id)).size).toBe(27);
      expect(big.requests.length - before).toBe(3);
    } finally {
      await big.close();
    }
  });
});
