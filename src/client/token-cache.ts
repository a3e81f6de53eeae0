import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, lstat, mkdir, open, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { LogSink } from "./http-log.js";
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
    c.applicationCredentialId ?? c.applicationCredentialName ?? "",
  ].join("\n");
  return createHash("sha256").update(who).digest("hex");
}

/**
 * mkdir -p with mode 0700, one folder at a time: Node's recursive mkdir never returns where the
 * kernel answers ENOENT for a folder whose parent exists (under /proc).
 */
async function makeFolders(path: string): Promise<void> {
  const make = () => mkdir(path, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => (err.code === "EEXIST" ? undefined : Promise.reject(err)));
  try {
    await make();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(path) === path) throw err;
    await makeFolders(dirname(path));
    await make();
  }
}

interface Owned {
  uid: number;
  mode: number;
  isDirectory(): boolean;
  isFile(): boolean;
}

/**
 * Why a cache folder or file may not be trusted, or undefined when it may: another user could
 * have written it (not ours, or group/world-writable), or it is not what it should be (a
 * symlink, a folder where a file belongs). Trusting such an entry would let a local user
 * plant a catalog that sends our token to their host.
 */
function distrust(path: string, stat: Owned, kind: "folder" | "file"): string | undefined {
  const uid = process.getuid?.();
  if (kind === "folder" ? !stat.isDirectory() : !stat.isFile()) return `${path} is not a ${kind}`;
  if (uid !== undefined && stat.uid !== uid) return `${path} belongs to another user`;
  if (stat.mode & 0o022) return `${path} is writable by others (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/**
 * Keeps Keystone tokens between runs (novaclient's --os-cache): files of mode 0600 in 0700
 * folders, holding the token, its expiry and the catalog, never a password. An entry is read
 * only when it and its folders are the user's own and nobody else can write them; anything odd
 * (corrupt, empty, a folder, a symlink, foreign, unwritable) counts as no cache, with a --debug
 * line, and a failed write never fails the command.
 */
export class FileTokenCache implements TokenStore {
  readonly file: string;

  constructor(
    credentials: Credentials,
    private readonly dir = cacheDir(),
    private readonly debug?: LogSink,
  ) {
    this.file = join(dir, "tokens", `${cacheKey(credentials)}.json`);
  }

  /** The folders from the cache root to the entry's, each checked without following links. */
  private async trustedFolders(): Promise<boolean> {
    for (const folder of [this.dir, dirname(this.file)]) {
      const why = distrust(folder, await lstat(folder), "folder");
      if (why) {
        this.debug?.(`Token cache not used: ${why}`);
        return false;
      }
    }
    return true;
  }

  async load(): Promise<KeystoneToken | undefined> {
    let handle: FileHandle | undefined;
    try {
      if (!(await this.trustedFolders())) return undefined;
      // O_NOFOLLOW, then fstat of what was opened: a link swapped in after a check is not read.
      handle = await open(this.file, constants.O_RDONLY | constants.O_NOFOLLOW);
      const why = distrust(this.file, await handle.stat(), "file");
      if (why) {
        this.debug?.(`Token cache not used: ${why}`);
        return undefined;
      }
      const entry = JSON.parse(await handle.readFile("utf8")) as KeystoneToken;
      return entry && typeof entry.token === "string" && Array.isArray(entry.catalog) ? entry : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.debug?.(`Token cache not used: ${(err as Error).message}`);
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  async save(token: KeystoneToken): Promise<void> {
    const temporary = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await makeFolders(dirname(this.file));
      if (!(await this.trustedFolders())) return;
      // O_EXCL: never write through a file or link someone put at the temporary name.
      const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        await handle.writeFile(JSON.stringify(token));
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (err) {
      this.debug?.(`Token cache not written: ${(err as Error).message}`);
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  async clear(): Promise<void> {
    try {
      if (await this.trustedFolders()) await rm(this.file, { force: true });
    } catch (err) {
      this.debug?.(`Token cache not cleared: ${(err as Error).message}`);
    }
  }
}
