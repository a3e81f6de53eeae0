import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NovaClientError } from "../../src/core/errors.js";
import { createNovaClient } from "../../src/index.js";
import { adminEnv, nova } from "../cli/run-cli.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";

let cloud: FaultServer;
beforeAll(async () => {
  cloud = await startFaultServer();
});
afterAll(() => cloud.close());

const flavorCalls = () => cloud.hits.filter((h) => h.includes("/flavors"));
const fresh = (mode: FaultServer["mode"]) => {
  cloud.mode = mode;
  cloud.hits.length = 0;
};

describe("retries", () => {
  it("are off by default, as keystoneauth's: a 503 is the error", async () => {
    fresh("503-twice");
    const r = await nova(["flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR \(ClientException\): Busy, try again\. \(HTTP 503\)/);
    expect(flavorCalls()).toHaveLength(1);
  });

  it("--retries 2 gets past two 503s of a GET, logging each retry with --debug", async () => {
    fresh("503-twice");
    const r = await nova(["--retries", "2", "--debug", "flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("m1.tiny");
    expect(flavorCalls()).toHaveLength(3);
    expect(r.stderr.match(/^Retrying GET http:\/\/127\.0\.0\.1:\d+\/compute\/v2\.1\/flavors\/detail in \d+\.\d\d s \(retry \d of 2\): HTTP 503$/gm)).toHaveLength(2);
  });

  it("--retries 1 is not enough for two 503s", async () => {
    fresh("503-twice");
    const r = await nova(["--retries", "1", "flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    expect(flavorCalls()).toHaveLength(2);
  });

  it("never repeat a POST that reached the server", async () => {
    fresh("503-twice");
    const r = await nova(["--retries", "3", "flavor-create", "f1", "auto", "512", "1", "1"], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    expect(flavorCalls().filter((h) => h.startsWith("POST"))).toHaveLength(1);
  });

  it("honour Retry-After on a 429", async () => {
    fresh("429-retry-after");
    const started = Date.now();
    const r = await nova(["--retries", "1", "flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(flavorCalls()).toHaveLength(2);
  });

  it("--retries takes a count, as a usage error otherwise", async () => {
    for (const value of ["-1", "x"]) {
      const r = await nova(["--retries", value, "flavor-list"], adminEnv(cloud.authUrl));
      expect(r.code, value).toBe(2);
      expect(r.stderr).toMatch(/error: argument --retries: /);
    }
  });

  it("cover Glance's requests too: --retries 2 gets an image lookup past two 503s", async () => {
    fresh("glance-503-twice");
    const r = await nova(["--retries", "2", "--debug", "list", "--image", "cirros"], adminEnv(cloud.authUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(cloud.hits.filter((h) => h.includes("/image/"))).toEqual(Array(3).fill("GET /image/v2/images?name=cirros"));
    expect(cloud.hits.at(-1)).toBe("GET /compute/v2.1/servers/detail?image=70a599e0-31e7-49b7-b260-868f441e862b");
    expect(r.stderr.match(/^Retrying GET http:\/\/127\.0\.0\.1:\d+\/image\/v2\/images\?name=cirros in \d+\.\d\d s \(retry \d of 2\): HTTP 503$/gm)).toHaveLength(2);
  });

  it("cover Keystone's token request too: a refused connection is tried again, as many times as asked", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await nova(["--retries", "2", "--debug", "flavor-list"], adminEnv(`http://127.0.0.1:${port}/identity/v3`));
    expect(r.code).toBe(1);
    const url = `http://127.0.0.1:${port}/identity/v3/auth/tokens`;
    expect(r.stderr.split("\n").filter((l) => l.startsWith(`Retrying POST ${url} in `) && l.endsWith(`: connect ECONNREFUSED 127.0.0.1:${port}`))).toHaveLength(2);
    expect(r.stderr).toContain(`ERROR (ConnectFailure): Unable to establish connection to ${url}: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });

  it("in the library: connection failures of a request that never left are retried, as many times as asked", async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const err = await createNovaClient({ token: "t", endpoint: "http://127.0.0.1:1/compute/v2.1", fetch: counting, retries: { connect: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaClientError);
    expect((err as NovaClientError).kind).toBe("ConnectFailure");
    expect(calls).toBe(3);
  });
});
