import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HttpLog, redactBody } from "../../src/client/http-log.js";
import { serializePath, serializeQuery } from "../../src/client/query.js";

describe("query strings", () => {
  it("sorts keys and encodes like Python's urlencode (quote_plus)", () => {
    expect(serializeQuery({ sort_key: "a b", marker: "x/y:z", limit: 2, minDisk: 10, minRam: 512, sort_dir: "asc" })).toBe(
      "limit=2&marker=x%2Fy%3Az&minDisk=10&minRam=512&sort_dir=asc&sort_key=a+b",
    );
  });

  it("repeats a key for each value of a list, keeping their order", () => {
    expect(serializeQuery({ sort_key: ["name", "created_at"], sort_dir: ["asc", "desc"], name: "vm.*" })).toBe(
      "name=vm.%2A&sort_dir=asc&sort_dir=desc&sort_key=name&sort_key=created_at",
    );
  });
});

describe("path parameters", () => {
  it("keep the characters a path segment may hold, and encode the rest", () => {
    expect(serializePath("/flavors/{flavor_id}/os-extra_specs/{key}", { flavor_id: "a b", key: "hw:cpu_policy" })).toBe("/flavors/a%20b/os-extra_specs/hw:cpu_policy");
    expect(serializePath("/servers/{server_id}", { server_id: "../x?y#z%" })).toBe("/servers/..%2Fx%3Fy%23z%25");
  });
});

describe("--debug log", () => {
  it("never shows a token or a password", async () => {
    const lines: string[] = [];
    const log = new HttpLog((l) => lines.push(l));
    const body = JSON.stringify({ auth: { identity: { password: { user: { name: "admin", password: "s3cret!" } } } } });
    await log.request(new Request("http://h/v3/auth/tokens", { method: "POST", headers: { "X-Auth-Token": "gAAAAtoken123" } }), body);
    await log.response(new Response("{}", { headers: { "X-Subject-Token": "gAAAAnewtoken" } }), "{}");
    const text = lines.join("\n");
    expect(text).not.toContain("s3cret!");
    expect(text).not.toContain("gAAAAtoken123");
    expect(text).not.toContain("gAAAAnewtoken");
    expect(text).toMatch(/-H "X-Auth-Token: \{SHA256\}[0-9a-f]{64}"/);
    expect(text).toContain('"password":"***"');
  });

  it("masks secrets of other bodies too (adminPass, application credential secrets)", async () => {
    expect(await redactBody('{"server": {"adminPass": "hunter2"}, "secret": "abc"}')).toBe('{"server": {"adminPass": "***"}, "secret": "***"}');
  });

  it("hashes tokens in bodies as keystoneauth does in headers, a token object's id included", async () => {
    const sha = (t: string) => `{SHA256}${createHash("sha256").update(t).digest("hex")}`;
    const exchange = '{"auth":{"identity":{"methods":["token"],"token":{"id":"gAAAA\\/x"}},"scope":{"project":{"id":"p1"}}}}';
    expect(await redactBody(exchange)).toBe(`{"auth":{"identity":{"methods":["token"],"token":{"id":"${sha("gAAAA/x")}"}},"scope":{"project":{"id":"p1"}}}}`);
    expect(await redactBody('{"token": "abc", "user": {"id": "u1"}}')).toBe(`{"token": "${sha("abc")}", "user": {"id": "u1"}}`);
  });
});
