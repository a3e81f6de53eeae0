// The runtime operation table is written compactly (one line per operation, an action's line
// only what differs from its endpoint's), because every browser bundle carries it. Expanded, it
// must be exactly the generator's entries, less the schema names only the types use.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { operations } from "../../generated/operations.js";
import { bundleSpec } from "../../scripts/lib/bundle.js";
import { type RemovedEntry, buildTables } from "../../scripts/lib/tables.js";

const ROOT = new URL("../..", import.meta.url).pathname;

it("the compact runtime table expands to every entry the generator built from the spec", async () => {
  const doc = await bundleSpec(join(ROOT, "spec/openapi.yaml"));
  const tables = buildTables(doc, parse(await readFile(join(ROOT, "spec/removed.yaml"), "utf8")) as RemovedEntry[]);
  const expected = Object.fromEntries(Object.entries(tables.operations).map(([id, { bodySchema, replySchema, ...entry }]) => [id, entry]));
  expect(operations).toEqual(expected);
  // The entries that exercise each part of a line: a range on an action, query, flags, an action that is removed.
  expect(operations["serverAction.removeFloatingIp"]).toEqual({ method: "post", path: "/servers/{server_id}/action", min: "2.1", max: "2.43", query: [], action: "removeFloatingIp" });
  expect(operations["serverAction.resetNetwork"]).toMatchObject({ action: "resetNetwork", removed: true });
  expect(operations.listVersions).toEqual({ method: "get", path: "/", min: "2.1", query: [], root: true });
  expect(operations.listFlavors.query).toEqual(["is_public", "minDisk", "minRam", "limit", "marker", "sort_key", "sort_dir"]);
});
