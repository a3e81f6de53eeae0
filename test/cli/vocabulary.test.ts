import { describe, expect, it } from "vitest";
import { valueOf } from "../../src/cli/input.js";
import { flatten, renderOutput } from "../../src/cli/output.js";
import { pollServer } from "../../src/cli/poll.js";
import { parseVersion } from "../../src/core/version.js";
import type { NovaClient } from "../../src/resources/nova-client.js";

const hint = { floats: new Set<string>() };

describe("argument values as the declaration asks for them", () => {
  it("key-value words, repeated or variadic, into one object; a key alone is null", () => {
    expect(valueOf({ name: "meta", type: "key-value", repeat: true }, ["a=1", "b=x=y", "c"])).toEqual({ a: "1", b: "x=y", c: null });
    expect(valueOf({ name: "meta", type: "key-value", repeat: true }, "a=1")).toEqual({ a: "1" });
  });
  it("a flag's const, its default when absent", () => {
    const hard = { name: "hard", type: "boolean" as const, const: "HARD", default: "SOFT" };
    expect([valueOf(hard, true), valueOf(hard, undefined), valueOf(hard, false)]).toEqual(["HARD", "SOFT", "SOFT"]);
  });
  it("split and repeat make lists", () => {
    expect(valueOf({ name: "tags", split: "," }, "a,b,c")).toEqual(["a", "b", "c"]);
    expect(valueOf({ name: "nic", repeat: true }, "net-id=1")).toEqual(["net-id=1"]);
    expect(valueOf({ name: "nic", repeat: true }, ["a", "b"])).toEqual(["a", "b"]);
  });
});

describe("declared outputs", () => {
  const v = parseVersion("2.60");
  const reply = { aggregate: { name: "agg1", hosts: ["h1", "h2"], metadata: { az: "z1", k: "v" }, nested: { a: { b: 3 } } } };
  it("a table of nested fields, joined lists, object keys, JSON", () => {
    const text = renderOutput(
      {
        kind: "table",
        from: "aggregate",
        columns: [
          { header: "Name", field: "name" },
          { header: "Hosts", field: "hosts", format: "join" },
          { header: "Keys", field: "metadata", format: "keys" },
          { header: "B", field: "nested.a.b" },
          { header: "Gone", field: "nested.x", missing: "N/A" },
          { header: "Metadata", field: "metadata", format: "json" },
        ],
      },
      reply,
      v,
      hint,
    );
    expect(text).toContain("| agg1 | h1, h2 | az, k | 3 | N/A  | {\"az\": \"z1\", \"k\": \"v\"} |");
  });
  it("a scalar and raw text", () => {
    expect(renderOutput({ kind: "value", from: "password" }, { password: "s3cr3t" }, v, hint)).toBe("s3cr3t");
    expect(renderOutput({ kind: "text", from: "output" }, { output: "line 1\nline 2\n" }, v, hint)).toBe("line 1\nline 2\n");
  });
  it("flatten_dict: nested objects and JSON text become parent_child keys", () => {
    expect(flatten({ cpu_info: '{"arch": "x86_64", "topology": {"cores": 2}}', service: { host: "h", id: 7 }, list: [1], empty: {} })).toEqual({
      cpu_info_arch: "x86_64",
      cpu_info_topology_cores: 2,
      service_host: "h",
      service_id: 7,
      list: [1],
      empty: {},
    });
  });
});

describe("--poll", () => {
  const io = () => {
    let stdout = "";
    return { io: { out: (t: string) => (stdout += `${t}\n`), write: (t: string) => (stdout += t), err: () => undefined, env: {} }, text: () => stdout };
  };
  const serverGoing = (...states: { status: string; progress?: number; name?: string }[]) => {
    let i = 0;
    return { call: async () => ({ server: { name: "vm", ...states[Math.min(i++, states.length - 1)] } }) } as unknown as NovaClient;
  };
  it("prints python-novaclient's progress lines until the status is reached", async () => {
    const { io: o, text } = io();
    await pollServer(serverGoing({ status: "BUILD" }, { status: "BUILD", progress: 40 }, { status: "ACTIVE" }), { action: "building", until: ["active"] }, "id", o, async () => undefined);
    expect(text()).toBe("\n\rServer building... 0% complete\rServer building... 40% complete\rServer building... 100% complete\nFinished\n");
  });
  it("stops with its error on ERROR", async () => {
    const { io: o, text } = io();
    const done = pollServer(serverGoing({ status: "ERROR" }), { action: "building", until: ["active"] }, "id", o, async () => undefined);
    await expect(done).rejects.toMatchObject({ kind: "ResourceInErrorState", message: "<Server: vm>" });
    expect(text()).toBe("\n\nError building server\n");
  });
});
