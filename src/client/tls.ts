import { X509Certificate } from "node:crypto";
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

/** The CA bundle's text, refused before any request when it holds no certificate Node can read. */
async function readCa(path: string): Promise<string> {
  const refuse = (reason: string, cause?: unknown) => new NovaClientError("CommandError", `Could not read the CA bundle ${path} (--os-cacert): ${reason}.`, { cause });
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw refuse((err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message, err);
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!pems) throw refuse("it holds no PEM certificate");
  for (const pem of pems) {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw refuse(`a certificate in it is not valid (${(err as Error).message})`, err);
    }
  }
  return text;
}
