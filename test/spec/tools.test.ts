/**
 * Other OpenAPI tools read nova-spec's documents as they are: Redocly's linter (its recommended
 * rules) finds no error in a microversion's document or in the union, and openapi-typescript
 * turns each into types that TypeScript compiles. A few versions, not all 104: the first, the
 * embedded flavor's, the newest, and the union.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { type OpenApiDocument, specAt } from "../../src/spec/index.js";

const VERSIONS = ["2.1", "2.47", "2.104", undefined] as const;
const name = (v: string | undefined) => v ?? "the union";
const documents = new Map(VERSIONS.map((v) => [v, specAt(v)]));

describe("Redocly's lint, recommended rules", async () => {
  const config = await createConfig({ extends: ["recommended"] });
  it.each(VERSIONS.map((v) => [name(v), v]))("%s: no error; the only warning is the spec's choice of `default` for error replies", async (_, v) => {
    const problems = await lintFromString({ source: JSON.stringify(documents.get(v)), absoluteRef: "/nova-spec/openapi.json", config });
    expect(problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message} ${p.location[0]?.pointer ?? ""}`)).toEqual([]);
    // Every error reply is `default` (Nova's fault body), never a 4XX of its own.
    expect(new Set(problems.map((p) => p.ruleId))).toEqual(new Set(["operation-4xx-response"]));
  });
});

describe("openapi-typescript", () => {
  it("generates types from each document, and TypeScript compiles them", { timeout: 60_000 }, async () => {
    const sources = new Map<string, string>();
    for (const [v, doc] of documents) sources.set(`/nova-spec/${v ?? "union"}.ts`, astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0])));
    // The types tell the versions apart: a 2.1 key pair has no `type`, a 2.104 one always has.
    const keypair = (file: string) => {
      const types = sources.get(`/nova-spec/${file}.ts`)!;
      const from = types.indexOf("KeypairSummary: {");
      return types.slice(from, types.indexOf("KeypairList: {", from));
    };
    expect(keypair("2.1")).toMatch(/fingerprint: string;\s*\};\s*\};\s*$/);
    expect(keypair("2.104")).toContain('type: "ssh" | "x509";');
    expect(keypair("union")).toContain('type?: "ssh" | "x509";');

    const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, types: [], lib: ["lib.es2022.d.ts"] };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (file) => sources.get(file) ?? read(file);
    host.fileExists = (file) => sources.has(file) || ts.sys.fileExists(file);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, language) => (sources.has(file) ? ts.createSourceFile(file, sources.get(file)!, language) : getSourceFile(file, language));
    const program = ts.createProgram([...sources.keys()], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diagnostics).toEqual([]);
  });
});

it("each document names its microversion", () => {
  const at = (v: (typeof VERSIONS)[number]) => documents.get(v) as OpenApiDocument;
  expect([at("2.47").info.version, at("2.47")["x-microversions"]]).toEqual(["2.47", { min: "2.47", max: "2.47" }]);
  expect(at(undefined)["x-microversions"]).toEqual({ min: "2.1", max: "2.104" });
});
