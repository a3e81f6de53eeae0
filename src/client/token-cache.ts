import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Credentials, KeystoneToken } from "./keystone.js";
import type { TokenStore } from "./session.js";

/** The user's cache directory for nova-ts: $XDG_CACHE_HOME/nova-ts, else ~/.cache/nova-ts. */
export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "nova-ts");
}

/** One cache entry per auth URL, user and project (names with their domains, or ids). */
export function cacheKey(c: Credentials): string {
  const who = [
    c.authUrl.replace(/\/+$/, ""),
    c.userId ?? `${c.username ?? ""}@${c.userDomainId ?? c.userDomainName ?? "default"}`,
    c.projectId ?? `${c.projectName ?? ""}@${c.projectDomainId ?? c.projectDomainName ?? "default"}`,
    c.token ? createHash("sha256").update(c.token).digest("hex") : "",
  ].join("\n");
  return createHash("sha256").update(who).digest("hex");
}

/**
 * Keeps Keystone tokens between runs (novaclient's --os-cache): files of mode 0600 in a 0700
 * directory, holding the token, its expiry and the catalog, never a password. Expired tokens
 * are not used; an unreadable or corrupt entry counts as absent.
 */
export class FileTokenCache implements TokenStore {
  readonly file: string;

  constructor(credentials: Credentials, dir = cacheDir()) {
    this.file = join(dir, "tokens", `${cacheKey(credentials)}.json`);
  }

  async load(): Promise<KeystoneToken | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.file, "utf8")) as KeystoneToken;
      return typeof entry.token === "string" && Array.isArray(entry.catalog) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async save(token: KeystoneToken): Promise<void> {
    const dir = join(this.file, "..");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(token), { mode: 0o600 });
    await rename(temporary, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
