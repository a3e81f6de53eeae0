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

  it("one command declared for overlapping microversion ranges", () => {
    const again = { command: "delete", help: "again", args: [{ name: "server", to: "path.server_id" }] };
    expect(() => buildTables(withCli("/servers/{server_id}", "get", again))).toThrow(/CLI command delete is declared by .* for overlapping microversions/);
  });
});
