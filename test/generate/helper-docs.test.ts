import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { OpenAPI3 } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { buildTables } from "../../scripts/lib/tables.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bundled = readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8");

/** What an editor shows on hovering each `nova.<resource>.<method>` of a small program. */
function hover(uses: string[]): string[] {
  const file = `${root}test/generate/__hover__.ts`;
  const text = `import { createNovaClient } from "../../src/index.js";\nconst nova = await createNovaClient({ authUrl: "", username: "", password: "", projectName: "" });\n${uses.map((u) => `void ${u};`).join("\n")}\n`;
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => ts.ScriptSnapshot.fromString(name === file ? text : (ts.sys.readFile(name) ?? "")),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  return uses.map((u) => {
    const at = text.indexOf(`void ${u};`) + `void ${u}`.length - 1;
    const info = service.getQuickInfoAtPosition(file, at);
    return [ts.displayPartsToString(info?.documentation), ...(info?.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`)].join("\n");
  });
}

describe("the generated helpers' JSDoc", () => {
  it("shows each helper's summary, route, microversion range and API reference section in an editor", () => {
    const [reboot, list, hosts] = hover(["nova.servers.reboot", "nova.flavors.list", "nova.hosts.list"]);
    expect(reboot).toBe("Reboot the server.\n\n`POST /servers/{server_id}/action` with `{\"reboot\": …}` (`serverAction.reboot`), microversion 2.1 and later.\n@see {@link https://docs.openstack.org/api-ref/compute/#reboot-server-reboot-action}");
    expect(list).toBe("List flavors with details\n\n`GET /flavors/detail` (`listFlavorsDetail`), microversion 2.1 and later.\n@see {@link https://docs.openstack.org/api-ref/compute/#list-flavors-with-details}");
    expect(hosts).toMatch(/`GET \/os-hosts` \(`listHosts`\), microversions 2\.1 to 2\.42\.\n@see \{@link https:\/\/docs\.openstack\.org\/api-ref\/compute\/#list-hosts\}$/);
  }, 60_000);

  it("shows what each pager pages through, and how, on listAll and iterate", () => {
    const [listAll, iterate, actions] = hover(["nova.servers.listAll", "nova.hypervisors.iterateSummary", "nova.instanceActions.listAll"]);
    expect(listAll).toBe(
      'Every item of `servers.list` (List servers with details): the `servers` of each page, following the `servers_links` "next" link until there is none. `limit` is the page size; `{ signal }` goes with every page\'s request.\n\n`GET /servers/detail` (`listServersDetail`) once per page, microversion 2.1 and later.\n@see {@link https://docs.openstack.org/api-ref/compute/#list-servers-detailed}',
    );
    expect(iterate).toMatch(/^The items of `hypervisors\.listSummary` \(.+\) one at a time: the `hypervisors` of each page, the next page \(by the `hypervisors_links` "next" link\) asked for only when these are used up, so leaving the loop early sends no more requests\.\n\n`GET \/os-hypervisors` \(`listHypervisors`\) once per page, /);
    expect(actions).toContain("the `instanceActions` of each page, following the `links` \"next\" link");
  }, 60_000);

  it("the generator refuses a helper with nothing to say", () => {
    const doc = JSON.parse(bundled) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    delete doc.paths["/flavors/detail"]!.get!.summary;
    expect(() => buildTables(doc as unknown as OpenAPI3)).toThrow("listFlavorsDetail: x-helper flavors.list needs a summary (an action: a description on its body schema)");
  });

  // An extension of one's own may have no section to link to; every helper of Nova's has one.
  it("every helper links to its own section of Nova's API reference", () => {
    const { helpers, docs } = buildTables(JSON.parse(bundled) as OpenAPI3);
    const ids = Object.values(helpers).flatMap((methods) => Object.values(methods));
    const urls = ids.map((id) => docs[id]?.url ?? "");
    expect(urls.every((u) => /^https:\/\/docs\.openstack\.org\/api-ref\/compute\/#[a-z0-9-]+$/.test(u))).toBe(true);
    // Distinct operations, distinct sections: only backup_instance, our extension, points at its upstream cousin's.
    const byUrl = new Map<string, string[]>();
    ids.forEach((id, i) => byUrl.set(urls[i]!, [...(byUrl.get(urls[i]!) ?? []), id].sort()));
    expect([...byUrl.values()].filter((group) => group.length > 1)).toEqual([["backupInstance", "serverAction.createBackup"]]);
  });
});
