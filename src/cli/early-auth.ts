import type { Options } from "yargs";
import { type Credentials, type KeystoneToken, issueToken } from "../client/keystone.js";
import type { RetryPolicy } from "../client/middleware/retries.js";
import { guardRedirects } from "../client/redirects.js";
import { withTimeout } from "../client/timeout.js";
import { DEFAULT_TIMEOUT_SECONDS } from "../core/timeout.js";
import type { Io } from "./context.js";
import { type GlobalArgs, clientOptions } from "./global-options.js";

/** A Keystone token request started before the command line is fully parsed. */
export interface EarlyToken {
  /** What it was asked with; used only if the parsed options ask for exactly the same. */
  key: string;
  token: Promise<KeystoneToken>;
}

export const credentialsKey = (c: Partial<Credentials>) =>
  JSON.stringify([c.authUrl, c.username, c.userId, c.password, c.userDomainName, c.userDomainId, c.projectName, c.projectId, c.projectDomainName, c.projectDomainId, c.token, c.applicationCredentialId, c.applicationCredentialName, c.applicationCredentialSecret]);

/** The global options' values as the words give them (the rest from their env defaults). */
function scanGlobals(argv: readonly string[], globals: Record<string, Options>): GlobalArgs {
  const names = new Map<string, string>();
  for (const [name, o] of Object.entries(globals)) for (const n of [name, ...[o.alias ?? []].flat()]) names.set(`--${n}`, name);
  const args: Record<string, unknown> = Object.fromEntries(Object.entries(globals).map(([name, o]) => [name, o.default]));
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s) as [string, string?];
    const name = names.get(flag);
    if (!name) continue;
    if (globals[name]!.type === "boolean") args[name] = inline === undefined ? true : inline !== "false";
    else args[name] = inline ?? argv[++i];
  }
  args.timeout = Number(args.timeout);
  return args as GlobalArgs;
}

/**
 * Starts authenticating while the CLI goes on loading (yargs, the client, the command): on a
 * real cloud Keystone takes a quarter of a second, which then hides that work. Only for plain
 * password or token auth over the default TLS settings; anything unusual waits for the parse.
 */
export function startEarlyToken(argv: readonly string[], globals: Record<string, Options>, io: Io): EarlyToken | undefined {
  const args = scanGlobals(argv, globals);
  if (args.insecure || args["os-cacert"] || args["os-cache"] || args["bypass-url"]) return undefined;
  let credentials: Credentials;
  try {
    credentials = clientOptions(args, io.env) as Credentials;
  } catch {
    return undefined;
  }
  const token = (async () => {
    const debug = args.debug ? (line: string) => io.err(line) : undefined;
    const log = debug ? new (await import("../client/http-log.js")).HttpLog(debug) : undefined;
    const { serviceTransport } = await import("../client/services.js");
    const send = serviceTransport(guardRedirects(withTimeout(globalThis.fetch, args.timeout ?? DEFAULT_TIMEOUT_SECONDS)), { retries: (credentials as { retries?: RetryPolicy }).retries, log, debug });
    return issueToken(credentials, send);
  })();
  token.catch(() => undefined);
  return { key: credentialsKey(credentials), token };
}
