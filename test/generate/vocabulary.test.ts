import { readFileSync } from "node:fs";
import type { OpenAPI3 } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { buildTables } from "../../scripts/lib/tables.js";

const bundled = readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8");

/** The bundled spec with one operation's x-cli replaced (or added). */
function withCli(path: string, method: string, cli: unknown): OpenAPI3 {
  const doc = JSON.parse(bundled) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  doc.paths[path]![method]!["x-cli"] = cli;
  return doc as unknown as OpenAPI3;
}

const show = (extra: Record<string, unknown>) => ({
  command: "keypair-peek",
  help: "Show a keypair.",
  args: [{ name: "keypair", metavar: "<keypair>", to: "path.keypair_name" }],
  output: { kind: "properties", from: "keypair" },
  ...extra,
});

describe("the generator refuses what the operation does not have", () => {
  it("builds the tables from the spec as it is", () => {
    const tables = buildTables(JSON.parse(bundled) as OpenAPI3);
    expect(tables.commands.find((c) => c.name === "delete")).toMatchObject({ each: "server", operation: "deleteServer" });
    expect(tables.lookups.servers).toMatchObject({ get: "showServer", list: "listServers" });
  });

  it("a key the vocabulary lacks, naming it", () => {
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", show({ outptu: {} })))).toThrow(/x-cli of showKeypair: .*must NOT have additional properties \(outptu\)/);
    const arg = show({ args: [{ name: "keypair", metavar: "<keypair>", to: "path.keypair_name", varaidic: true }] });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", arg))).toThrow(/\/args\/0 must NOT have additional properties \(varaidic\)/);
  });

  it("an argument sent where the operation has no such parameter or field", () => {
    const path = show({ args: [{ name: "keypair", to: "path.name" }] });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", path))).toThrow("x-cli keypair-peek (showKeypair): argument keypair goes to path.name, but showKeypair has no path parameter name");
    const query = show({ options: [{ name: "user", to: "query.owner" }] });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", query))).toThrow("argument user goes to query.owner, but showKeypair has no query parameter owner");
    const body = { command: "pause-ish", help: "x", args: [{ name: "server", to: "path.server_id" }, { name: "why", to: "body.reason" }] };
    const doc = JSON.parse(bundled) as OpenAPI3;
    const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    schemas.ServerActionPause!["x-cli"] = body;
    expect(() => buildTables(doc)).toThrow("x-cli pause-ish (serverAction.pause): argument why goes to body.reason, but serverAction.pause has no body field reason");
  });

  it("a column or from: the reply does not have", () => {
    const column = show({ output: { kind: "table", from: "keypair", columns: [{ header: "Name", field: "name" }, { header: "Owner", field: "owner" }] } });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", column))).toThrow("x-cli keypair-peek (showKeypair): column Owner shows field owner, which the reply of showKeypair does not have");
    const from = show({ output: { kind: "properties", from: "key_pair" } });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", from))).toThrow("output.from key_pair is not in the reply of showKeypair");
  });

  it("a find: no x-lookup declares", () => {
    const cli = show({ args: [{ name: "keypair", to: "path.keypair_name", find: "keypears" }] });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", cli))).toThrow('argument keypair finds "keypears", which no x-lookup declares');
  });

  it("several commands on one operation (an x-cli list), each checked", () => {
    const tables = buildTables(withCli("/os-keypairs/{keypair_name}", "get", [show({}), show({ command: "keypair-peek-too" })]));
    expect(tables.commands.filter((c) => c.operation === "showKeypair").map((c) => c.name)).toEqual(["keypair-peek", "keypair-peek-too"]);
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", [show({}), show({ command: "keypair-peek-too", outptu: {} })]))).toThrow(/outptu/);
  });
  it("a `when` variant with no plain variant (or no such argument) to read the command line", () => {
    const when = show({ command: "keypair-peek", when: "user", options: [{ name: "user", metavar: "<user>", to: "query.user_id" }] });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", [when]))).toThrow(/declared for when user is given, but no variant without `when` covers 2.1/);
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", [show({}), when]))).toThrow("CLI command keypair-peek (showKeypair) has no argument user, which showKeypair is declared for");
    const plain = show({ options: [{ name: "user", metavar: "<user>" }] });
    expect(buildTables(withCli("/os-keypairs/{keypair_name}", "get", [plain, when])).commands.filter((c) => c.name === "keypair-peek")).toHaveLength(2);
  });
  it("a constant query parameter the operation lacks", () => {
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", show({ query: { with_servers: "True" } })))).toThrow(
      "x-cli keypair-peek (showKeypair): query sends with_servers, but showKeypair has no query parameter with_servers",
    );
  });
  it("one command declared for overlapping microversion ranges", () => {
    const again = { command: "delete", help: "again", args: [{ name: "server", to: "path.server_id" }] };
    expect(() => buildTables(withCli("/servers/{server_id}", "put", again))).toThrow(/CLI command delete is declared by .* for overlapping microversions/);
  });

  it("a prompt's answer sent where the body has no such field", () => {
    const doc = JSON.parse(bundled) as OpenAPI3;
    const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    schemas.ServerActionChangePassword!["x-cli"] = { command: "set-password", help: "x", args: [{ name: "server", to: "path.server_id" }], prompt: { to: "body.password", text: "New password: " } };
    expect(() => buildTables(doc)).toThrow("x-cli set-password (serverAction.changePassword): argument prompt goes to body.password, but serverAction.changePassword has no body field password");
  });

  it("an output.reload through no operation", () => {
    const cli = show({ output: { kind: "properties", from: "keypair", reload: { get: "showKeypairs", id: "keypair.name" } } });
    expect(() => buildTables(withCli("/os-keypairs/{keypair_name}", "get", cli))).toThrow("CLI command keypair-peek: output.reload gets showKeypairs, which is no operation");
  });
});

describe("several commands on one operation, hidden arguments, output.ref", () => {
  it("x-cli as a list declares each command; hidden and ref are kept for the CLI", () => {
    const peek = show({ options: [{ name: "secret", type: "boolean", hidden: true }] });
    const tables = buildTables(withCli("/os-keypairs/{keypair_name}", "get", [peek, { ...show({}), command: "keypair-look", output: { ref: "keypair-peek" } }]));
    expect(tables.commands.filter((c) => c.operation === "showKeypair").map((c) => c.name)).toEqual(["keypair-look", "keypair-peek"]);
    expect(tables.commands.find((c) => c.name === "keypair-peek")!.options[0]).toMatchObject({ hidden: true });
    expect(tables.commands.find((c) => c.name === "keypair-look")!.output).toEqual({ kind: "properties", from: "keypair", ref: "keypair-peek" });
    expect(tables.commands.find((c) => c.name === "boot")!.output).toEqual({ ref: "show", reload: { get: "showServer", id: "server.id" } });
  });
});

describe("the generator reads the vocabulary grown for the resource commands", () => {
  it("a list of declarations on one operation, each for its microversions", () => {
    const tables = buildTables(JSON.parse(bundled) as OpenAPI3);
    const variants = tables.commands.filter((c) => c.name === "keypair-show");
    expect(variants.map((c) => [c.operation, c.min, c.max])).toEqual([
      ["showKeypair", "2.1", "2.9"],
      ["showKeypair", "2.10", undefined],
    ]);
  });
  it("a * step reaches into a list's items; a column with missing: may name a field the reply lacks", () => {
    const cache = { command: "cache-it", help: "x", args: [{ name: "aggregate", to: "path.aggregate_id" }, { name: "images", variadic: true, to: "body.cache.*.uuid" }] };
    expect(() => buildTables(withCli("/os-aggregates/{aggregate_id}/images", "post", cache))).toThrow("argument images goes to body.cache.*.uuid, but cacheAggregateImages has no body field cache.*.uuid");
    const created = { command: "agg-new", help: "x", args: [{ name: "name", to: "body.aggregate.name" }], output: { kind: "table", from: "aggregate", columns: [{ header: "Hosts", field: "hosts", missing: "" }] } };
    expect(() => buildTables(withCli("/os-aggregates", "post", created))).not.toThrow();
    const { missing: _, ...strict } = created.output.columns[0]!;
    expect(() => buildTables(withCli("/os-aggregates", "post", { ...created, output: { ...created.output, columns: [strict] } }))).toThrow("column Hosts shows field hosts, which the reply of createAggregate does not have");
  });
  it("rows: each listed key must be a field of the reply; a switched-to operation must exist", () => {
    const rows = (keys: string[]) => ({ command: "q", help: "x", args: [{ name: "tenant", to: "path.tenant_id" }], output: { kind: "table", from: "quota_set", rows: keys, columns: [{ header: "Quota", field: "key" }] } });
    expect(() => buildTables(withCli("/os-quota-sets/{tenant_id}/defaults", "get", rows(["cores", "gpus"])))).toThrow("row gpus is not a field of the reply of showQuotaSetDefaults");
    const switched = { ...rows(["cores"]), options: [{ name: "detail", type: "boolean", operation: "showQuotaDetails" }] };
    expect(() => buildTables(withCli("/os-quota-sets/{tenant_id}/defaults", "get", switched))).toThrow("argument detail switches to operation showQuotaDetails, which the spec does not have");
  });

  it("a list of x-cli declares several commands on one operation", () => {
    const two = [show({}), show({ command: "keypair-glance" })];
    const tables = buildTables(withCli("/os-keypairs/{keypair_name}", "get", two));
    expect(tables.commands.filter((c) => c.operation === "showKeypair").map((c) => c.name)).toEqual(["keypair-glance", "keypair-peek"]);
  });

  it("a numeric step of to: is an item of a list; a column '.' is the record itself", () => {
    const tables = buildTables(JSON.parse(bundled) as OpenAPI3);
    expect(tables.commands.find((c) => c.name === "interface-attach")?.options.find((o) => o.name === "fixed-ip")).toMatchObject({ to: "body.interfaceAttachment.fixed_ips.0.ip_address" });
    const bad = { command: "port-peek", help: "x", args: [{ name: "server", to: "path.server_id" }, { name: "ip", to: "body.interfaceAttachment.fixed_ips.0.address" }] };
    expect(() => buildTables(withCli("/servers/{server_id}/os-interface", "post", bad))).toThrow("has no body field interfaceAttachment.fixed_ips.0.address");
  });
});
