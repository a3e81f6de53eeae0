import { readFile } from "node:fs/promises";
import { NovaClientError } from "../core/errors.js";

/**
 * fetch with the TLS settings of --insecure and --os-cacert. undici is loaded only when one of
 * them is set, so the common path pays nothing for it.
 */
export async function tlsFetch(options: { insecure?: boolean; cacert?: string }): Promise<typeof fetch> {
  if (!options.insecure && !options.cacert) return globalThis.fetch;
  const { Agent } = await import("undici");
  const ca = options.cacert ? await readCa(options.cacert) : undefined;
  const dispatcher = new Agent({ connect: { rejectUnauthorized: !options.insecure, ...(ca ? { ca } : {}) } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new NovaClientError("CommandError", `Could not read the CA bundle ${path} (--os-cacert): ${reason}.`);
  }
}
