import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const run = promisify(execFile);
export const root = fileURLToPath(new URL("../..", import.meta.url));

export interface PackedApp {
  /** The project's folder, nova-ts in its node_modules. */
  dir: string;
  tarball: { filename: string; size: number; unpackedSize: number; entryCount: number; files: string[] };
}

/**
 * A fresh project of its own, with nova-ts installed by npm from the tarball npm publishes (its
 * `files` only; npm run build first, npm test does). Its dependencies come from npm's cache.
 */
export async function installPacked(prefix: string): Promise<PackedApp> {
  const dir = mkdtempSync(join(tmpdir(), `nova-ts-${prefix}-`));
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root });
  const [packed] = JSON.parse(stdout) as [{ filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }];
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", join(dir, packed.filename)], { cwd: dir });
  return { dir, tarball: { ...packed, files: packed.files.map((f) => f.path) } };
}
