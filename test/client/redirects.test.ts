import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaClientError } from "../../src/core/errors.js";
import { createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { adminEnv, nova } from "../cli/run-cli.js";

/**
 * A cloud behind a front that redirects: /same/... to itself (same origin, proxied on to the
 * sandbox), /moved/... to another origin, which records what it is sent.
 */
let cloud: Sandbox;
let front: Server;
let other: Server;
let frontUrl: string;
let otherUrl: string;
const seenElsewhere: { method: string; url: string; token?: string; body: string }[] = [];

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

function proxy(req: IncomingMessage, res: ServerResponse) {
  const target = new URL(req.url!, cloud.authUrl);
  const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (reply) => {
    // The catalog names the sandbox: point it back at the front, so every call comes here.
    const chunks: Buffer[] = [];
    reply.on("data", (c: Buffer) => chunks.push(c));
    reply.on("end", () => {
      const body = Buffer.concat(chunks).toString().replaceAll(new URL(cloud.authUrl).origin, `${frontUrl}/same`);
      const headers = { ...reply.headers };
      delete headers["content-length"];
      res.writeHead(reply.statusCode!, headers).end(body);
    });
  });
  req.pipe(upstream);
}

beforeAll(async () => {
  cloud = await startSandbox();
  other = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seenElsewhere.push({ method: req.method!, url: req.url!, token: req.headers["x-auth-token"] as string | undefined, body });
      res.writeHead(401, { "Content-Type": "application/json" }).end('{"error": {"code": 401, "message": "who are you?"}}');
    });
  });
  otherUrl = await listen(other);
  front = createServer((req, res) => {
    const [, prefix, rest] = /^\/(same|moved|moved307)(\/.*)$/.exec(req.url!) ?? [];
    if (prefix === "same") res.writeHead(307, { Location: rest }).end();
    else if (prefix === "moved") res.writeHead(302, { Location: `${otherUrl}${rest}` }).end();
    else if (prefix === "moved307") res.writeHead(307, { Location: `${otherUrl}${rest}` }).end();
    else proxy(req, res);
  });
  frontUrl = await listen(front);
});
afterAll(async () => {
  front.close();
  other.close();
  await cloud.close();
});

const admin = (authUrl: string) => ({ authUrl, username: "admin", password: "secret", projectName: "admin", userDomainName: "Default", projectDomainName: "Default" });

describe("redirects", () => {
  it("are followed within the origin, with the token", async () => {
    const nova = await createNovaClient(admin(`${frontUrl}/same/identity`));
    expect((await nova.flavors.get({ flavor_id: "1" })).flavor.name).toBe("m1.tiny");
    expect(nova.endpoint.startsWith(`${frontUrl}/same/`)).toBe(true);
  });

  it("to another origin never take the X-Auth-Token along", async () => {
    seenElsewhere.length = 0;
    const token = [...cloud.state.tokens.keys()][0]!;
    const err = await createNovaClient({ token, endpoint: `${frontUrl}/moved/compute/v2.1` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaClientError);
    expect(seenElsewhere.map((s) => `${s.method} ${s.url}`)).toEqual(["GET /compute/v2.1"]);
    expect(seenElsewhere[0]!.token).toBeUndefined();
  });

  it("to another origin that would resend a body (a 307 of the password) are not followed", async () => {
    seenElsewhere.length = 0;
    const err = await createNovaClient(admin(`${frontUrl}/moved307/identity`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaClientError);
    expect(seenElsewhere).toEqual([]);
  });

  it("in the CLI (its early token request and its compute calls) follow the same rule", async () => {
    seenElsewhere.length = 0;
    const keystone = await nova(["flavor-list"], adminEnv(`${frontUrl}/moved307/identity`));
    expect(keystone.code).toBe(1);
    const token = [...cloud.state.tokens.keys()][0]!;
    const compute = await nova(["--os-token", token, "--bypass-url", `${frontUrl}/moved/compute/v2.1`, "flavor-list"], {});
    expect(compute.stderr).toMatch(/^ERROR \(Unauthorized\): who are you\? .*\(HTTP 401\)/);
    expect(seenElsewhere.map((s) => [s.method, s.url, s.token])).toEqual([["GET", "/compute/v2.1", undefined]]);
  });
});
