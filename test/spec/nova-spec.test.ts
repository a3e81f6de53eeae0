/**
 * The nova-spec bin as built (npm run build first; npm test does): a document per microversion
 * or their union, in JSON or YAML, the history, and one line for every bad argument.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { OpenApiDocument } from "../../src/spec/index.js";
import { specAt } from "../../src/spec/index.js";
import { runProgram } from "../cli/run-cli.js";

const BIN = new URL("../../dist/src/spec/main.js", import.meta.url).pathname;
const UNION = new URL("../../dist/openapi-union.json", import.meta.url).pathname;
const novaSpec = (...args: string[]) => runProgram(process.execPath, [BIN, ...args], {});

type Schema = { properties?: Record<string, unknown>; required?: string[] };
const schema = (doc: OpenApiDocument, name: string) => doc.components.schemas[name] as Schema;
/** The key pair object of the list reply's items, and the hypervisor record of the detail reply. */
const keypair = (doc: OpenApiDocument) => schema(doc, "KeypairSummary").properties!.keypair as Schema;
const hypervisor = (doc: OpenApiDocument) => schema(doc, "Hypervisor");

describe("nova-spec --microversion", () => {
  it("2.1 in YAML: a key pair has no type, and the detail reply no 2.2+ or 2.88 field", async () => {
    const { stdout, stderr, code } = await novaSpec("--microversion", "2.1", "--format", "yaml");
    expect([stderr, code]).toEqual(["", 0]);
    const doc = parse(stdout) as OpenApiDocument;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc["x-microversions"]).toEqual({ min: "2.1", max: "2.1" });
    expect(doc.paths["/os-keypairs"]!.get).toMatchObject({ responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/KeypairList" } } } } } });
    expect(keypair(doc).properties).not.toHaveProperty("type");
    expect(keypair(doc).required).toEqual(["name", "public_key", "fingerprint"]);
    expect(hypervisor(doc).properties).not.toHaveProperty("uptime");
    expect(hypervisor(doc).required).not.toContain("uptime");
    expect(hypervisor(doc).required).toContain("vcpus");
    // Operations that came later are not there at all; ones that went later are.
    expect(doc.paths).not.toHaveProperty(["/servers/{server_id}/tags"]);
    expect(doc.paths["/os-hypervisors/{hypervisor_id}/uptime"]).toHaveProperty("get");
  });

  it("2.2 in JSON: type exists and is required; 2.88: uptime is, and what 2.88 removed is gone", async () => {
    const at22 = JSON.parse((await novaSpec("--microversion", "2.2")).stdout) as OpenApiDocument;
    expect(keypair(at22).properties).toHaveProperty("type");
    expect(keypair(at22).required).toEqual(["name", "public_key", "fingerprint", "type"]);
    const at88 = JSON.parse((await novaSpec("--microversion", "2.88", "--format", "json")).stdout) as OpenApiDocument;
    expect(hypervisor(at88).required).toEqual(["id", "hypervisor_hostname", "state", "status", "hypervisor_type", "hypervisor_version", "host_ip", "service", "uptime"]);
    expect(Object.keys(hypervisor(at88).properties!)).not.toContain("vcpus");
    expect(at88.paths).not.toHaveProperty(["/os-hypervisors/{hypervisor_id}/uptime"]);
    // A oneOf keeps only that version's branches: the id is a UUID from 2.53.
    expect(schema(at88, "HypervisorId")).toMatchObject({ oneOf: [{ type: "string", "x-min-version": "2.53" }] });
  });

  it("without --microversion: the union, as the package's openapi.json holds it; required only what every version sends", async () => {
    const { stdout, code } = await novaSpec();
    expect(code).toBe(0);
    const union = JSON.parse(stdout) as OpenApiDocument;
    expect(union).toEqual(specAt());
    expect(JSON.parse(readFileSync(UNION, "utf8"))).toEqual(union);
    expect(keypair(union).required).toEqual(["name", "public_key", "fingerprint"]);
    expect(keypair(union).properties).toHaveProperty("type");
    expect(hypervisor(union).required).toEqual(["id", "hypervisor_hostname", "state", "status", "hypervisor_type", "hypervisor_version", "host_ip", "service"]);
    expect(Object.keys(hypervisor(union).properties!)).toEqual(expect.arrayContaining(["vcpus", "cpu_info", "uptime"]));
    // An object that exists only from 2.92 (the create body's branch) keeps what it always has.
    expect((schema(union, "KeypairCreate").properties!.keypair as { anyOf: Schema[] }).anyOf.map((b) => b.required)).toEqual([["name"], ["name", "public_key"]]);
    // Branches of different versions may both match one value: a union reader takes any.
    expect(schema(union, "HypervisorId")).toEqual({ anyOf: [{ type: "integer", "x-max-version": "2.52" }, { type: "string", "x-min-version": "2.53", description: "The compute node's UUID." }] });
  });
});

describe("nova-spec --changes", () => {
  const at88 = [
    "2.88",
    "  - GET /os-hypervisors/statistics",
    "  - GET /os-hypervisors/{hypervisor_id}/uptime",
    "  GET /os-hypervisors/detail reply 200: - hypervisors[].{vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used, local_gb_used, free_ram_mb, free_disk_gb, current_workload, running_vms, disk_available_least, cpu_info}",
    "  GET /os-hypervisors/detail reply 200: + hypervisors[].uptime",
    "  GET /os-hypervisors/{hypervisor_id} reply 200: - hypervisor.{vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used, local_gb_used, free_ram_mb, free_disk_gb, current_workload, running_vms, disk_available_least, cpu_info}",
    "  GET /os-hypervisors/{hypervisor_id} reply 200: + hypervisor.uptime",
  ];

  it("with no range: the whole history, a section for each of 2.2 to 2.104, one line per change", { timeout: 60_000 }, async () => {
    const { stdout, stderr, code } = await novaSpec("--changes");
    expect([stderr, code]).toEqual(["", 0]);
    const lines = stdout.split("\n");
    expect(lines.filter((line) => /^\S/.test(line))).toEqual(Array.from({ length: 103 }, (_, i) => `2.${i + 2}`));
    const section = (version: string) => lines.slice(lines.indexOf(version), lines.findIndex((line, i) => i > lines.indexOf(version) && /^\S/.test(line)));
    expect(section("2.88")).toEqual(at88);
    // Device tags: gone from block devices at 2.33 and from networks at 2.37 (a `not: {}` there
    // accepts nothing), back on both at 2.42, as Nova's history tells.
    expect(section("2.42")).toEqual(["2.42", "  POST /servers request: + server.networks[].tag", "  POST /servers request: + server.block_device_mapping_v2[].tag"]);
    expect(section("2.33")).toContain("  POST /servers request: - server.block_device_mapping_v2[].tag");
    // Multiattach (2.60) changed what Nova does, not what it takes or sends.
    expect(section("2.60")).toEqual(["2.60", "  (nothing the spec describes)"]);
  });

  it("A..B: the sections after A up to B; B alone: what changed at B; --format: the same as data", async () => {
    expect((await novaSpec("--changes", "2.87..2.88")).stdout).toBe(`${at88.join("\n")}\n`);
    expect((await novaSpec("--changes", "2.88")).stdout).toBe(`${at88.join("\n")}\n`);
    expect(JSON.parse((await novaSpec("--changes", "2.14..2.16", "--format", "json")).stdout)).toEqual([
      { version: "2.15", changes: ['POST /os-server-groups request: ~ server_group.policies[]: required "affinity" | "anti-affinity" → required "affinity" | "anti-affinity" | "soft-affinity" | "soft-anti-affinity"'] },
      { version: "2.16", changes: ["GET /servers/detail reply 200: + servers[].host_status", "GET /servers/{server_id} reply 200: + server.host_status"] },
    ]);
  });
});

describe("bad arguments: one line on stderr, nothing on stdout, a non-zero exit", () => {
  it.each([
    [["--microversion", "2.105"], 1, "nova-spec: Microversion 2.105 is outside the spec's range 2.1 to 2.104."],
    [["--microversion", "two"], 1, "nova-spec: Invalid microversion 'two': use 2.N (between 2.1 and the server's maximum) or 2.latest."],
    [["--changes", "2.48..2.47"], 1, "nova-spec: The range 2.48..2.47 must go from an older microversion to a newer one."],
    [["--format", "xml"], 2, 'nova-spec: Invalid values: Argument: format, Given: "xml", Choices: "json", "yaml" (nova-spec --help tells the options)'],
    [["--microversion", "2.3", "--changes", "2.4"], 2, "nova-spec: Arguments changes and microversion are mutually exclusive (nova-spec --help tells the options)"],
    [["--micro", "2.3"], 2, "nova-spec: Unknown argument: micro (nova-spec --help tells the options)"],
  ])("%j", async (args, status, line) => {
    const { stdout, stderr, code } = await novaSpec(...args);
    expect({ stdout, stderr, code }).toEqual({ stdout: "", stderr: `${line}\n`, code: status });
  });
});
