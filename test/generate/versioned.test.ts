// generated/versioned.ts against the spec read at one version: for every component schema, the
// pinned type must be exactly what openapi-typescript makes of the schema as it is at that version
// (src/spec/at-version.ts's copy), and a pinned client may call exactly the operations served there.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPI3, OperationObject } from "openapi-typescript";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { bandStarts } from "../../scripts/lib/versioned.js";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { type OperationEntry, type RemovedEntry, buildTables, deref } from "../../scripts/lib/tables.js";
import { inRange, parseVersion } from "../../src/core/version.js";
import { presentAt, schemaAtVersion } from "../../src/spec/at-version.js";

const ROOT = new URL("../..", import.meta.url).pathname;
// The versions of the type tests (test/types/versioned.ts), the edges around them, the newest.
const VERSIONS = ["2.1", "2.2", "2.35", "2.36", "2.46", "2.47", "2.52", "2.53", "2.56", "2.57", "2.87", "2.88", "2.104"];

let doc: OpenAPI3;
let operations: Record<string, OperationEntry>;
let work: string;
beforeAll(async () => {
  doc = await bundleSpec(join(ROOT, "spec/openapi.yaml"));
  ({ operations } = buildTables(doc, parse(await readFile(join(ROOT, "spec/removed.yaml"), "utf8")) as RemovedEntry[]));
  work = await mkdtemp(join(tmpdir(), "nova-ts-versioned-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

it("the bands start at every x-min-version and one past every x-max-version", () => {
  const starts = bandStarts(doc);
  expect(starts[0]).toBe("2.1");
  // Keypair type from 2.2; the network proxies end at 2.35; the flavor is embedded from 2.47;
  // hypervisor ids are UUIDs from 2.53; the resource counts end at 2.87.
  expect(starts).toEqual(expect.arrayContaining(["2.2", "2.36", "2.47", "2.53", "2.88"]));
  // Nothing comes or goes at 2.4 or 2.5 (2.6 brings the remote consoles).
  expect(starts).not.toContain("2.4");
  expect(starts).not.toContain("2.5");
  expect(starts.length).toBeLessThan(105);
});

it("pins every schema and the callable operations to what the spec says at each version", { timeout: 120_000 }, async () => {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const routes = new Map<string, OperationObject>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(deref(doc, item))) if ((op as OperationObject | undefined)?.operationId) routes.set((op as OperationObject).operationId!, op as OperationObject);
  }
  const ident = (id: string) => id.replace(/\W/g, "_");
  const lines = [
    `import type { CallInput, CallResult, OperationIdAt, SchemaAt } from "${ROOT}src/client/call-types.js";`,
    "type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;",
  ];
  for (const version of VERSIONS) {
    const name = version.replace(".", "_");
    // The components as they are at this version, as their own openapi-typescript module.
    const trimmed = schemaAtVersion(schemas, parseVersion(version), { schemas }) as Record<string, object>;
    const ast = await openapiTS({ openapi: "3.1.0", info: { title: version, version }, paths: {}, components: { schemas: trimmed } } as OpenAPI3, { rootTypes: false, alphabetize: false, silent: true });
    await writeFile(join(work, `at-${name}.ts`), astToString(ast));
    lines.push(`import type { components as At${name} } from "./at-${name}.js";`);
    for (const schema of Object.keys(schemas)) lines.push(`export const s${name}_${schema}: Equal<SchemaAt<"${schema}", "${version}">, At${name}["schemas"]["${schema}"]> = true;`);
    const served = Object.entries(operations).filter(([, op]) => inRange(parseVersion(version), op.min, op.max));
    lines.push(`export const o${name}: Equal<OperationIdAt<"${version}">, ${served.map(([id]) => JSON.stringify(id)).join(" | ")}> = true;`);
    // Each served operation's reply and body, where the spec names them by a component schema.
    const at = (schema: string) => `At${name}["schemas"]["${schema}"]`;
    for (const [id, op] of served) {
      const operation = routes.get(id.split(".")[0]!);
      if (!operation) continue;
      if (op.action) {
        const { action, bodySchema, replySchema } = op;
        if (bodySchema) lines.push(`export const b${name}_${ident(id)}: Equal<CallInput<"${id}", "${version}">["body"], ${at(bodySchema)}["${action}"]> = true;`);
        if (typeof replySchema === "string") lines.push(`export const r${name}_${ident(id)}: Equal<CallResult<"${id}", "${version}">, ${at(replySchema)}> = true;`);
        continue;
      }
      const replies = Object.entries(operation.responses ?? {})
        .filter(([status, reply]) => /^2\d\d$/.test(status) && presentAt(reply, parseVersion(version), schemas))
        .map(([, reply]) => (deref(doc, reply as object) as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.["application/json"]?.schema);
      const named = replies.map((r) => (r === undefined ? "undefined" : r.$ref ? at(r.$ref.split("/").pop()!) : undefined));
      if (named.length > 0 && named.every((n) => n !== undefined)) lines.push(`export const r${name}_${ident(id)}: Equal<CallResult<"${id}", "${version}">, ${[...new Set(named)].join(" | ")}> = true;`);
      const body = (operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.["application/json"]?.schema?.$ref;
      if (body) lines.push(`export const b${name}_${ident(id)}: Equal<CallInput<"${id}", "${version}">["body"], ${at(body.split("/").pop()!)}> = true;`);
    }
  }
  // Most operations name their reply or body by a component: about 180 of them at each version.
  expect(lines.filter((l) => /^export const [rb]/.test(l)).length).toBeGreaterThan(VERSIONS.length * 150);
  await writeFile(join(work, "check.ts"), lines.join("\n"));
  await writeFile(join(work, "package.json"), JSON.stringify({ type: "module" }));
  const config = { extends: join(ROOT, "tsconfig.json"), compilerOptions: { typeRoots: [join(ROOT, "node_modules/@types")] }, include: [], files: ["check.ts"] };
  await writeFile(join(work, "tsconfig.json"), JSON.stringify(config));
  const tsc = promisify(execFile)(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(work, "tsconfig.json")], { cwd: work });
  const result = await tsc.then(() => "").catch((err: { stdout: string }) => err.stdout);
  // Each failing line named by its check: s<version>_<schema>, o<version>, r/b<version>_<operation>.
  const failing = [...result.matchAll(/check\.ts\((\d+),/g)].map((m) => /export const (\w+)/.exec(lines[Number(m[1]) - 1]!)?.[1] ?? m[0]);
  expect(failing, result).toEqual([]);
});
