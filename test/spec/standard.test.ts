/**
 * nova-spec's documents read by a validator that knows nothing of x-min-version: every
 * api_sample our own validator matches today validates the same, at its own microversion,
 * against specAt(<its version>) and against the union (nova-ts/openapi.json).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import spec from "../../generated/openapi.json" with { type: "json" };
import type { OpenApiDocument } from "../../src/spec/index.js";
import { loadValidator } from "../../src/spec/validator.js";
import { SAMPLES_DIR, checkSamples, readMaps, versionOf } from "./samples.js";
import { StandardReader, StandardReaders } from "./standard.js";

describe("a standard validator, without our vocabulary, and the api_samples", async () => {
  const report = checkSamples(await loadValidator(), readMaps());
  const validated = new Set(report.validated);
  const entries = readMaps().filter((e) => validated.has(e.sample));
  const body = (sample: string) => JSON.parse(readFileSync(join(SAMPLES_DIR, sample), "utf8")) as unknown;
  const readers = new StandardReaders();

  it("validates every sample we match, at its microversion, against that microversion's document and the union", { timeout: 60_000 }, () => {
    expect(entries.length).toBe(report.validated.length);
    expect(entries.length).toBeGreaterThan(600);
    const failures: string[] = [];
    for (const e of entries) {
      const version = versionOf(e.sample);
      for (const problem of readers.at(version).checkOperation(e.operation, e.direction, body(e.sample))) failures.push(`${e.sample} at ${version}: ${problem}`);
      for (const problem of readers.union.checkOperation(e.operation, e.direction, body(e.sample))) failures.push(`${e.sample} in the union: ${problem}`);
    }
    expect(failures).toEqual([]);
  });

  it("where generated/openapi.json read the same way rejects about a quarter of them (the x- ranges ignored)", () => {
    const naive = new StandardReader(structuredClone(spec) as unknown as OpenApiDocument);
    const rejected = entries.filter((e) => naive.checkOperation(e.operation, e.direction, body(e.sample)).length > 0).map((e) => e.sample);
    expect(rejected.length).toBeGreaterThan(entries.length / 5);
    // The two examples: a 2.1 key pair has no `type`; a hypervisor before 2.88 no `uptime`.
    expect(rejected).toEqual(expect.arrayContaining(["os-keypairs/keypairs-list-resp.json", "os-hypervisors/hypervisors-detail-resp.json"]));
    const union = readers.union;
    expect(union.checkOperation("listKeypairs", { status: 200 }, body("os-keypairs/keypairs-list-resp.json"))).toEqual([]);
    expect(union.checkOperation("listHypervisorsDetail", { status: 200 }, body("os-hypervisors/hypervisors-detail-resp.json"))).toEqual([]);
  });

  it("refuses at a microversion what Nova does not send then: the document is that version's, not the union", () => {
    const keypairs = { keypairs: [{ keypair: { name: "k", public_key: "ssh-rsa AAA", fingerprint: "aa:bb", type: "ssh" } }] };
    expect(readers.at("2.1").checkOperation("listKeypairs", { status: 200 }, keypairs)).toEqual(["/keypairs/0/keypair must NOT have additional properties"]);
    expect(readers.at("2.2").checkOperation("listKeypairs", { status: 200 }, keypairs)).toEqual([]);
    const untyped = { keypairs: [{ keypair: { name: "k", public_key: "ssh-rsa AAA", fingerprint: "aa:bb" } }] };
    expect(readers.at("2.2").checkOperation("listKeypairs", { status: 200 }, untyped)).toEqual(["/keypairs/0/keypair must have required property 'type'"]);
    expect(readers.union.checkOperation("listKeypairs", { status: 200 }, untyped)).toEqual([]);
    // A branch that is a reference goes with the component it names: the embedded flavor of
    // 2.47's rebuild reply is no flavor at 2.46, and floating IP actions end with 2.43.
    const rebuilt = body("servers/v2.47/server-action-rebuild-resp.json");
    expect(readers.at("2.47").checkOperation("serverAction.rebuild", { status: 202 }, rebuilt)).toEqual([]);
    expect(readers.at("2.46").checkOperation("serverAction.rebuild", { status: 202 }, rebuilt)).toContain("/server/flavor must have required property 'links'");
    const floating = { addFloatingIp: { address: "10.0.0.5" } };
    expect(readers.at("2.43").checkOperation("serverAction.addFloatingIp", "request", floating)).toEqual([]);
    expect(readers.at("2.44").checkOperation("serverAction.addFloatingIp", "request", floating)).toContain("/ must match exactly one schema in oneOf");
    // An operation outside the version is not in its document.
    const topology = body("os-server-topology/v2.78/servers-topology-resp.json");
    expect(readers.at("2.78").checkOperation("showServerTopology", { status: 200 }, topology)).toEqual([]);
    expect(readers.at("2.77").checkOperation("showServerTopology", { status: 200 }, topology)).toEqual(["GET /servers/{server_id}/topology is not in the document"]);
  });
});
