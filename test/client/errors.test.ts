import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { AmbiguousMatchError, NoMatchError, NovaClientError, type NovaErrorKind, createNovaClient, isNotFound } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { hasPythonNova, pythonNova } from "../cli/python-nova.js";
import { adminEnv } from "../cli/run-cli.js";

let cloud: Sandbox;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
});
afterAll(() => cloud.close());

const admin = () => ({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin", userDomainName: "Default", projectDomainName: "Default" });

/** A port of 127.0.0.1 nothing listens on: one the system gave a server that is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The `nova` command line in this process: its exit status and what it printed on stderr. */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await run(args, { out: () => undefined, write: () => undefined, err: (t) => (stderr += `${t}\n`), env: adminEnv(cloud.authUrl) });
  return { code, stderr };
}

describe("errors keep what caused them", () => {
  it("a refused connection, to Keystone or to Nova, is a ConnectFailure whose cause is fetch's own error", async () => {
    const port = await closedPort();
    const failures = [
      await createNovaClient({ ...admin(), authUrl: `http://127.0.0.1:${port}/identity/v3` }).catch((e: unknown) => e),
      await createNovaClient({ token: "t", endpoint: `http://127.0.0.1:${port}/compute/v2.1` }).catch((e: unknown) => e),
    ];
    for (const err of failures) {
      expect(err).toBeInstanceOf(NovaClientError);
      expect((err as NovaClientError).kind).toBe("ConnectFailure");
      expect((err as NovaClientError).message).toMatch(new RegExp(`^Unable to establish connection to http://127\\.0\\.0\\.1:${port}/.*: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`));
      const cause = (err as Error).cause as Error & { cause?: { code?: string } };
      expect(cause).toBeInstanceOf(TypeError);
      expect(cause.cause?.code).toBe("ECONNREFUSED");
    }
  });

  it("a reply cut off mid-body, a success's or an error's, keeps the broken read as its cause", async () => {
    // A cloud that promises 100 bytes of JSON, sends 10 and hangs up: for its version document
    // (a success) when asked for it, else for a 404 (an error reply, read by another path).
    const version = { version: { id: "v2.1", status: "CURRENT", version: "2.93", min_version: "2.1", updated: "2013-07-23T11:33:21Z", links: [] } };
    let whole = true;
    const server: Server = createServer((req, res) => {
      if (whole && req.url === "/compute/v2.1") return res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(version));
      res.writeHead(req.url === "/compute/v2.1" ? 200 : 404, { "Content-Type": "application/json", "Content-Length": "100" });
      res.write('{"version"');
      setTimeout(() => res.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/compute/v2.1`;
    try {
      const nova = await createNovaClient({ token: "t", endpoint });
      const failures = [await nova.flavors.get({ flavor_id: "1" }).catch((e: unknown) => e)];
      whole = false;
      failures.push(await createNovaClient({ token: "t", endpoint }).catch((e: unknown) => e));
      for (const [err, label] of [
        [failures[0], "showFlavor (GET /flavors/{flavor_id})"],
        [failures[1], "showVersionV21 (GET /v2.1)"],
      ] as const) {
        expect(err).toBeInstanceOf(NovaClientError);
        expect((err as NovaClientError).kind).toBe("ConnectFailure");
        expect((err as Error).message.startsWith(`The connection broke while reading the reply to ${label}: `)).toBe(true);
        expect((err as Error).cause).toBeInstanceOf(TypeError);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a name that matches several records", () => {
  it("is an AmbiguousMatchError (NoUniqueMatch), not a not-found, from Nova's lookups and Glance's", async () => {
    const nova = await createNovaClient(admin());
    const image = (await nova.glance.find("cirros")).id;
    for (const n of [1, 2]) {
      const created = await nova.servers.create({ body: { server: { name: "twin", flavorRef: "1", imageRef: image, networks: "none" } } });
      if (!("server" in created)) throw new Error("servers.create answered a reservation, not a server");
      const { server } = created;
      await nova.servers.waitFor(server.id, "ACTIVE", { intervalMs: 50 });
      if (n === 1) await nova.servers.createImage({ server_id: server.id, body: { name: "cirros" } });
    }
    const errors = [await nova.servers.find("twin").catch((e: unknown) => e), await nova.glance.find("cirros").catch((e: unknown) => e)];
    for (const err of errors) {
      expect(err).toBeInstanceOf(AmbiguousMatchError);
      expect(err).toBeInstanceOf(NovaClientError);
      expect(err).not.toBeInstanceOf(NoMatchError);
      expect(isNotFound(err)).toBe(false);
      const kind: NovaErrorKind = (err as AmbiguousMatchError).kind;
      expect([kind, (err as Error).name]).toEqual(["NoUniqueMatch", "NoUniqueMatch"]);
    }
    expect(errors.map((e) => [(e as AmbiguousMatchError).resource, (e as AmbiguousMatchError).nameOrId, (e as Error).message])).toEqual([
      ["server", "twin", "Multiple server matches found for 'twin', use an ID to be more specific."],
      ["image", "cirros", "Multiple image matches found for 'cirros', use an ID to be more specific."],
    ]);
  });

  it("is still printed as python-novaclient's CommandError by the CLI", async () => {
    const ours = await cli(["show", "twin"]);
    expect(ours).toEqual({ code: 1, stderr: "ERROR (CommandError): Multiple server matches found for 'twin', use an ID to be more specific.\n" });
    if (hasPythonNova) {
      const python = await pythonNova(["show", "twin"], { ...adminEnv(cloud.authUrl), NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" });
      expect({ code: python.code, stderr: python.stderr }).toEqual(ours);
    }
  });
});
