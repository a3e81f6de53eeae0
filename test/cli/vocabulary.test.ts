import { describe, expect, it } from "vitest";
import { execute } from "../../src/cli/execute.js";
import { isIsoTime } from "../../src/cli/coerce.js";
import { buildInput, place, placed, valueOf } from "../../src/cli/input.js";
import type { CommandSpec } from "../../generated/commands.js";
import { flatten, renderOutput } from "../../src/cli/output.js";
import { pollServer } from "../../src/cli/poll.js";
import { parseVersion } from "../../src/core/version.js";
import { NoMatchError } from "../../src/core/errors.js";
import type { NovaClient } from "../../src/resources/nova-client.js";
import { pyPformat } from "../../src/text/python.js";

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

describe("argument values: grown for the resource commands", () => {
  it("a * step makes one list element per value", () => {
    const input: Record<string, unknown> = {};
    place(input, "body.cache.*.id", ["a", "b"]);
    expect(input).toEqual({ body: { cache: [{ id: "a" }, { id: "b" }] } });
    expect(placed(input, "body.cache")).toEqual([{ id: "a" }, { id: "b" }]);
    place(input, "path.aggregate_id", "7");
    expect(placed(input, "path.aggregate_id")).toBe("7");
  });
  it("from-session: the session's project when not given", () => {
    const tenant = { name: "tenant", "from-session": "project_id" as const };
    expect(valueOf(tenant, undefined, { projectId: "p1" })).toBe("p1");
    expect(valueOf(tenant, "given", { projectId: "p1" })).toBe("given");
  });
  it("int-keys: key-value values sent as integers, a bad one python's CommandError", () => {
    const rule = { name: "rule", type: "key-value" as const, repeat: true, "int-keys": ["max_server_per_host"] };
    expect(valueOf(rule, ["max_server_per_host=2", "other=x"])).toEqual({ max_server_per_host: 2, other: "x" });
    expect(() => valueOf(rule, ["max_server_per_host=two"])).toThrow("Invalid 'max_server_per_host' value: two");
  });
});

describe("python-novaclient's own checks of argument values", () => {
  const since = { name: "changes-since", type: "iso-time" as const };
  it("iso-time: what oslo's parse_isotime accepts is sent as given", () => {
    for (const text of ["2016-03-04T06:27:59Z", "2016-03-04", "2016-03-04 06:27:59.123+01:00", "20160304T0627", "2016"]) expect(valueOf(since, text)).toBe(text);
  });
});

describe("constant bodies and queries", () => {
  it("the arguments' values are placed into the declared body and beside the declared query", async () => {
    const spec = {
      name: "service-disable",
      help: "",
      operation: "updateService",
      min: "2.53",
      body: { status: "disabled" },
      query: { with_servers: "True" },
      args: [{ name: "id", to: "path.service_id" }],
      options: [{ name: "reason", to: "body.disabled_reason" }],
    } as unknown as CommandSpec;
    const input = await buildInput(spec, { id: "u1", reason: "disks" }, {} as NovaClient, parseVersion("2.53"));
    expect(input).toEqual({ with_servers: "True", service_id: "u1", body: { status: "disabled", disabled_reason: "disks" } });
    // The declaration's body is a constant: one run does not change it for the next.
    expect(spec.body).toEqual({ status: "disabled" });
  });
});

describe("building the input", () => {
  const v = parseVersion("2.70");
  const spec = (extra: Partial<CommandSpec>): CommandSpec => ({ name: "x", help: "x", operation: "showServer", args: [], options: [], min: "2.1", ...extra }) as CommandSpec;
  const noServer = { find: async (_r: string, name: string) => Promise.reject(new NoMatchError("server", name)) } as unknown as NovaClient;
  it("body: a constant start the values are placed into; a numeric step makes a list", async () => {
    const s = spec({ body: { interfaceAttachment: {} }, options: [{ name: "fixed-ip", to: "body.interfaceAttachment.fixed_ips.0.ip_address" }] });
    expect(await buildInput(s, {}, noServer, v)).toEqual({ body: { interfaceAttachment: {} } });
    expect(await buildInput(s, { "fixed-ip": "10.0.0.9" }, noServer, v)).toEqual({ body: { interfaceAttachment: { fixed_ips: [{ ip_address: "10.0.0.9" }] } } });
    const input: Record<string, unknown> = {};
    place(input, "body.a.0.b", 1);
    expect(input).toEqual({ body: { a: [{ b: 1 }] } });
  });
  it("find-optional: a name or id that finds nothing is sent as given; without it the lookup's error", async () => {
    const arg = { name: "server", to: "path.server_id", find: "servers" };
    expect(await buildInput(spec({ args: [{ ...arg, "find-optional": true }] }), { server: "gone" }, noServer, v)).toEqual({ server_id: "gone" });
    await expect(buildInput(spec({ args: [arg] }), { server: "gone" }, noServer, v)).rejects.toThrow("No server with a name or ID of 'gone' exists.");
  });
  it("none-if: the value that means not given", () => {
    expect(valueOf({ name: "device", "none-if": "auto" }, "auto")).toBeUndefined();
    expect(valueOf({ name: "device", "none-if": "auto" }, "/dev/vdb")).toBe("/dev/vdb");
  });
  it("invalid: a value outside the choices is the command's own error", async () => {
    const s = spec({ options: [{ name: "console-type", default: "serial", choices: ["serial"], invalid: "Only serial.", to: "body.type" }] });
    await expect(buildInput(s, { "console-type": "vnc" }, noServer, v)).rejects.toMatchObject({ kind: "CommandError", message: "Only serial." });
    expect(await buildInput(s, {}, noServer, v)).toEqual({ body: { type: "serial" } });
  });
  it("iso-time: what parse_isotime refuses is 'Invalid <name> value'", async () => {
    expect([isIsoTime("2016-03-04T06:27:59Z"), isIsoTime("2016"), isIsoTime("2016-02-30"), isIsoTime("201603"), isIsoTime("2016-03-04 06:27:59.5+05:30")]).toEqual([true, true, false, false, true]);
    const s = spec({ options: [{ name: "changes-since", type: "iso-time", to: "query.changes-since" }] });
    await expect(buildInput(s, { "changes-since": "yesterday" }, noServer, v)).rejects.toMatchObject({ kind: "CommandError", message: "Invalid changes-since value: yesterday" });
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
  it("rows wrapped in a key; a record's listed keys as rows; python's pretty_choice cells", () => {
    const keypairs = { keypairs: [{ keypair: { name: "k1", type: "ssh" } }] };
    expect(renderOutput({ kind: "table", from: "keypairs", item: "keypair", columns: [{ header: "Name", field: "name" }, { header: "Type", field: "type" }] }, keypairs, v, hint)).toContain("| k1   | ssh  |");
    const quotas = { quota_set: { id: "p", cores: 20, instances: 10, ram: { in_use: 1, limit: 2 } } };
    const table = renderOutput({ kind: "table", from: "quota_set", rows: ["instances", "cores", "fixed_ips", "ram"], columns: [{ header: "Quota", field: "key" }, { header: "Limit", field: "value" }] }, quotas, v, hint)!;
    expect(table.split("\n").slice(3, 6)).toEqual(["| instances | 10                        |", "| cores     | 20                        |", "| ram       | {'in_use': 1, 'limit': 2} |"]);
    const text = renderOutput({ kind: "table", from: "aggregate", columns: [{ header: "Hosts", field: "hosts", format: "choice-list" }, { header: "Metadata", field: "metadata", format: "choice-dict" }] }, reply, v, hint);
    expect(text).toContain("| 'h1', 'h2' | 'az=z1', 'k=v' |");
  });
  it("properties with columns: those fields only, under their headers, in their formats; wrap from an option", () => {
    const record = { hypervisor: { id: 1, state: "up", uptime: null, hosts: ["a", "b"], extra: "not shown" } };
    const columns = [
      { header: "id", field: "id" },
      { header: "uptime", field: "uptime" },
      { header: "hosts", field: "hosts", format: "repr" as const },
      { header: "gone", field: "missing" },
    ];
    const text = renderOutput({ kind: "properties", from: "hypervisor", columns }, record, v, hint)!;
    expect(text.split("\n").slice(3, -1)).toEqual(["| hosts    | ['a', 'b'] |", "| id       | 1          |", "| uptime   | -          |"]);
    const wrapped = renderOutput({ kind: "properties", from: "hypervisor", wrap: "wrap", columns: [{ header: "hosts", field: "hosts", format: "join" }] }, record, v, hint, { wrap: 3 })!;
    expect(wrapped).toContain("| hosts    | a,    |\n|          | b     |");
  });
  it("str: a formatter's value as python-novaclient prints it, None for null", () => {
    const text = renderOutput({ kind: "table", columns: [{ header: "Old Flavor", field: "old", format: "str" }, { header: "Plain", field: "old" }] }, [{ old: null }], v, hint);
    expect(text).toContain("| None       | -     |");
  });
  it("a list step takes a field of each item, joined by a separator; '.' is the item itself", () => {
    const ports = { interfaceAttachments: [{ fixed_ips: [{ ip_address: "10.0.0.5" }, { ip_address: "fd00::5" }] }] };
    const table = renderOutput({ kind: "table", from: "interfaceAttachments", columns: [{ header: "IP addresses", field: "fixed_ips.ip_address", format: "join", separator: "," }] }, ports, v, hint);
    expect(table).toContain("| 10.0.0.5,fd00::5 |");
    expect(renderOutput({ kind: "table", from: "tags", columns: [{ header: "Tag", field: "." }] }, { tags: ["a", "b"] }, v, hint)).toBe("+-----+\n| Tag |\n+-----+\n| a   |\n| b   |\n+-----+");
  });
  it("properties with columns: the rows named, a missing field left out, pformat", () => {
    const action = { action: "stop", events: [{ event: "compute_stop_instance", result: "Success", start_time: "2026-01-03T04:05:06.000000", finish_time: "2026-01-03T04:05:08.000000" }] };
    const text = renderOutput(
      { kind: "properties", columns: [{ header: "action", field: "action" }, { header: "updated_at", field: "updated_at" }, { header: "events", field: "events", format: "pformat" }] },
      action,
      v,
      hint,
    )!;
    expect(text).not.toContain("updated_at");
    expect(text).toContain("| events   | [{'event': 'compute_stop_instance',");
    expect(text).toContain("|          |   'finish_time': '2026-01-03T04:05:08.000000',");
  });
  it("pformat: pprint's layout (one line when it fits, strings cut at spaces)", () => {
    expect(pyPformat([{ b: null, a: 1 }], hint)).toBe("[{'a': 1, 'b': None}]");
    expect(pyPformat({ k: "word ".repeat(20) }, hint)).toBe(`{'k': 'word word word word word word word word word word word word word word '\n      'word word word word word word '}`);
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

describe("boot's vocabulary: empty, optional-body, output.reload and output.ref's format", () => {
  const calls: [string, object | undefined][] = [];
  const nova = {
    microversion: "2.92",
    call: async (id: string, input?: object) => {
      calls.push([id, input]);
      if (id === "showServer") return { server: { id: "s1", name: "vm", status: "BUILD", adminPass: "from GET?" } };
      return { server: { id: "s1", adminPass: "pw" } };
    },
  } as unknown as NovaClient;
  const out = () => {
    const lines: string[] = [];
    return { io: { out: (t: string) => lines.push(t), write: (t: string) => lines.push(t), err: () => undefined, env: {} }, lines };
  };
  const base = { name: "x", help: "x", operation: "updateServer" as const, min: "2.1", args: [], options: [] };

  it("empty: 'omit' leaves an empty text out, another value replaces it", () => {
    expect(valueOf({ name: "name", empty: "omit" }, "")).toBeUndefined();
    expect(valueOf({ name: "description", empty: null }, "")).toBeNull();
    expect(valueOf({ name: "description", empty: null }, "text")).toBe("text");
  });

  it("optional-body: no request when no argument filled the body", async () => {
    calls.length = 0;
    const spec = { ...base, "optional-body": true, options: [{ name: "name", to: "body.server.name", empty: "omit" }] };
    await execute(spec, { name: "" }, nova, out().io);
    expect(calls).toEqual([]);
    await execute(spec, { name: "new" }, nova, out().io);
    expect(calls).toEqual([["updateServer", { body: { server: { name: "new" } } }]]);
  });

  it("output.reload fetches the record again and merges it over the reply; output.ref prints it with show's format", async () => {
    calls.length = 0;
    const { io, lines } = out();
    const spec = { ...base, operation: "createServer" as const, output: { ref: "show", reload: { get: "showServer", id: "server.id" } } };
    await execute(spec, { minimal: true }, nova, io);
    expect(calls.map(([id]) => id)).toEqual(["createServer", "showServer"]);
    expect(lines.join("\n")).toMatch(/\| adminPass +\| from GET\? +\|/);
    expect(lines.join("\n")).toMatch(/\| status +\| BUILD +\|/);
    expect(lines.join("\n")).toMatch(/\| image +\| Attempt to boot from volume - no image supplied \|/);
  });
});
