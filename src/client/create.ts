import createClient, { type Client } from "openapi-fetch";
import { type OperationId, type OperationSpec, microversions, operations } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import type { CallMethod, CallOptions } from "./call-types.js";
import { type ServerRange, negotiate, rangeOf } from "./discovery.js";
import { MalformedReplyError, NovaApiError, NovaClientError, errorFromBody, requestIdOf } from "../core/errors.js";
import { HttpLog, type LogSink } from "./http-log.js";
import { type CatalogService, type Credentials, type KeystoneToken, type VersionRange, selectEndpoint } from "./keystone.js";
import { authMiddleware } from "./middleware/auth.js";
import { debugMiddleware } from "./middleware/debug.js";
import { errorsMiddleware } from "./middleware/errors.js";
import { type RetryPolicy, retriesMiddleware } from "./middleware/retries.js";
import { type ServiceReply, serviceTransport } from "./services.js";
import { baseHeaders } from "./middleware/headers.js";
import { type TrafficRecord, timingsMiddleware } from "./middleware/timings.js";
import { type SpecMismatch, validateMiddleware } from "./middleware/validate.js";
import type { SpecValidator } from "../spec/validator.js";
import { type CloudConfig, cloudOptions, overCloud } from "./cloud-config.js";
import { assertServed, versionHeaders, versionMiddleware } from "./middleware/versions.js";
import { KeystoneSession, type TokenStore } from "./session.js";
import { quoteAll, serializePath, serializeQuery } from "./query.js";
import { guardRedirects } from "./redirects.js";
import { DEFAULT_TIMEOUT_SECONDS } from "../core/timeout.js";
import { withTimeout } from "./timeout.js";
import { readJsonReply } from "./reply.js";
import { directTransport } from "./transport.js";
import { type ApiVersion, formatVersion, parseRequestedVersion, parseVersion } from "../core/version.js";
import { USER_AGENT } from "./user-agent.js";

type JsonMedia = "application/json";

export interface ComputeClientOptions extends Partial<Credentials> {
  /**
   * A cloud of a parsed clouds.yaml (the mapping under `clouds.<name>`): its settings are the
   * defaults, and the options given here win over them. In Node, nova-ts also takes a cloud's
   * name and reads clouds.yaml from openstacksdk's search path.
   */
  cloud?: CloudConfig;
  /** Use this compute endpoint instead of the catalog's (novaclient's --bypass-url). */
  endpoint?: string;
  region?: string;
  /** public, internal or admin (novaclient's publicURL spellings work too). */
  interface?: string;
  serviceType?: string;
  serviceName?: string;
  /** "2.latest" (default) or "2.N". */
  microversion?: string;
  /** Retries after connection failures and 502/503/504/429 replies (default none, keystoneauth's). */
  retries?: RetryPolicy;
  /** Seconds before a request is abandoned (default 600, keystoneauth's; at most MAX_TIMEOUT_SECONDS). */
  timeout?: number;
  /** Skip certificate checks (Node: nova-ts builds the fetch that does; elsewhere pass your own `fetch`). */
  insecure?: boolean;
  /** PEM file of the CA that signed the cloud's certificates (Node, as `insecure`). */
  cacert?: string;
  /** Receives --debug lines (requests as curl commands, responses, secrets redacted). */
  debug?: LogSink;
  fetch?: typeof fetch;
  userAgent?: string;
  /** Sent as X-OpenStack-Request-ID so the cloud's logs tie this client's calls together. */
  globalRequestId?: string;
  /** Keep each request's duration in `traffic.timings` (--timings). */
  timings?: boolean;
  /** A token request for these same credentials already under way (the CLI starts it early). */
  pendingToken?: Promise<KeystoneToken>;
  tokenStore?: TokenStore;
  /**
   * Check every JSON reply against the spec at the session's microversion: true throws a
   * NovaClientError ("SpecMismatch") naming the operation, version and field; a function
   * receives each mismatch instead.
   */
  validateResponses?: boolean | ((mismatch: SpecMismatch) => void);
  /**
   * What validateResponses checks with: the bundled spec's validator. Node's nova-ts loads it
   * when asked; elsewhere pass `await loadValidator()` from "nova-ts/validate".
   */
  validator?: SpecValidator;
}

/**
 * V: the microversion asked for, when given as a literal ("2.47"): replies, bodies and the
 * operations that may be called are typed as they are at that version (negotiation gives exactly
 * it or fails). Unpinned ("2.latest", or a string known at run time): the union of all versions.
 */
export interface ComputeClient<V extends string = "2.latest"> {
  /**
   * The openapi-fetch client with every path of the spec typed; middleware already attached.
   * Nova speaks only JSON: naming the media type (not openapi-fetch's `${string}/${string}`)
   * keeps the compiler from walking this type when it infers a pinned microversion.
   */
  readonly raw: Client<paths, JsonMedia>;
  /** The negotiated microversion. */
  readonly microversion: string;
  /** The project the token is scoped to (python-novaclient's auth_ref.project_id); undefined with a bare token. */
  readonly projectId?: string;
  readonly serverRange: { min: string; max: string };
  readonly endpoint: string;
  readonly traffic: TrafficRecord;
  /** Calls one operation of the spec by id, throwing NovaApiError on an error reply. */
  readonly call: CallMethod<V>;
  /** Whether the negotiated microversion has this operation. */
  supports(id: OperationId): boolean;
  /**
   * The URL of another service from the catalog (same interface and region), for the few
   * lookups the CLI makes outside Compute (image names); undefined with an endpoint override.
   */
  serviceUrl(type: string): string | undefined;
  /** Sends a request to another service with this client's token, headers and logging. */
  fetchService(url: string): Promise<ServiceReply>;
}

const PLACEHOLDER = /\{([^}]+)\}/g;

/** GET / on the root is the root itself, without a trailing slash (as python-novaclient asks). */
const rootPath = (url: string, params: Record<string, unknown>) => serializePath(url, params).replace(/\/$/, "");

/** The URL the version documents live under: the endpoint without /v2[.1][/project]. */
export function rootOf(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = url.pathname.replace(/\/v2(\.\d+)?(\/.*)?$/, "") || "/";
  return url.toString().replace(/\/+$/, "");
}

/**
 * Refuses, before any request, a URL that fetch would reject with a bare TypeError, or one that
 * carries a user name or password (which would end up in logs and messages); never echoes those.
 */
function checkUrl(value: string | undefined, what: string): void {
  if (value === undefined) return;
  const shown = value.replace(/\/\/[^/@]*@/, "//***@");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new NovaClientError("CommandError", `${what} is not a URL: '${shown}'.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new NovaClientError("CommandError", `${what} must be an http:// or https:// URL, not '${shown}'.`);
  if (url.username || url.password) throw new NovaClientError("CommandError", `${what} must not hold a user name or password: '${shown}'. Give them as their own options.`);
}

/** Authenticates, finds the compute endpoint, negotiates the microversion, and returns a client. */
export async function createComputeClient(given: ComputeClientOptions): Promise<ComputeClient> {
  const { cloud, ...rest } = given;
  const options: ComputeClientOptions = cloud ? overCloud(cloudOptions(cloud, "cloud"), rest) : given;
  checkUrl(options.authUrl, "The auth URL (authUrl, --os-auth-url, env[OS_AUTH_URL])");
  checkUrl(options.endpoint, "The compute endpoint (endpoint, --os-endpoint-override)");
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  if ((options.insecure || options.cacert) && !options.fetch) {
    throw new NovaClientError("CommandError", "insecure and cacert need nova-ts in Node (or Deno or Bun); elsewhere, pass a fetch that makes the TLS connections you want.");
  }
  const fetchFn = guardRedirects(withTimeout(options.fetch ?? globalThis.fetch, timeout));
  const log = options.debug ? new HttpLog(options.debug) : undefined;
  const toService = serviceTransport(fetchFn, { retries: options.retries, log, debug: options.debug });
  const requested = parseRequestedVersion(options.microversion ?? "2.latest");

  let tokenFor: () => string | Promise<string>;
  let renew: ((refused: string) => Promise<boolean>) | undefined;
  let session: KeystoneSession | undefined;
  let catalog: CatalogService[] = [];
  let endpoint = options.endpoint;
  let projectId: string | undefined;
  if (options.token && endpoint) {
    const token = options.token;
    tokenFor = () => token;
  } else {
    if (!options.authUrl) throw new NovaClientError("CommandError", "You must provide an auth url via either --os-auth-url or env[OS_AUTH_URL].");
    session = new KeystoneSession(options as Credentials, toService, options.tokenStore, options.pendingToken);
    const first = await session.token();
    catalog = first.catalog;
    projectId = first.projectId;
    const computeIn = (services: CatalogService[]) =>
      selectEndpoint(services, { serviceType: options.serviceType ?? "compute", serviceName: options.serviceName, interface: options.interface ?? "public", region: options.region });
    const chosen = (endpoint ??= computeIn(catalog));
    const held = session;
    tokenFor = () => held.fresh()?.token ?? held.token().then((t) => t.token);
    renew = async (refused) => {
      if (!(await held.renew(refused))) return false;
      // A catalog from the token cache is trusted only as far as Keystone's own answer: the new
      // token goes to the compute endpoint only if Keystone's catalog still names it.
      if (!options.endpoint) {
        const fresh = await held.token();
        const named = (() => {
          try {
            return computeIn(fresh.catalog);
          } catch {
            return undefined;
          }
        })();
        if (named !== chosen) throw new NovaClientError("EndpointNotFound", `The compute endpoint ${chosen} (from the token cache) is not in Keystone's catalog: the new token is not sent there.`);
      }
      return true;
    };
  }
  const root = rootOf(endpoint);

  const traffic: TrafficRecord = { timings: [] };
  let version: ApiVersion | undefined;
  // Headers common to every request go in once, as the client's base headers; the microversion
  // joins them after discovery (which is sent without one).
  const headers = baseHeaders(options.userAgent ?? USER_AGENT, options.globalRequestId);
  const raw = createClient<paths, JsonMedia>({ baseUrl: endpoint.replace(/\/+$/, ""), ...directTransport(fetchFn), headers, querySerializer: (q: Record<string, unknown>) => serializeQuery(q), pathSerializer: serializePath });
  raw.use(errorsMiddleware(timeout));
  if (options.timings) raw.use(timingsMiddleware(traffic));
  raw.use(authMiddleware(tokenFor, renew));
  raw.use(versionMiddleware(() => version));
  if (options.retries?.connect || options.retries?.status) raw.use(retriesMiddleware(options.retries, options.debug));
  if (options.validateResponses) {
    if (!options.validator) throw new NovaClientError("CommandError", 'validateResponses needs the spec: pass validator: await loadValidator() from "nova-ts/validate".');
    const report = typeof options.validateResponses === "function" ? options.validateResponses : undefined;
    raw.use(validateMiddleware(options.validator, () => version, report));
  }
  if (log) raw.use(debugMiddleware(log));

  async function send(id: OperationId, input: Record<string, unknown> = {}, callOptions: CallOptions = {}): Promise<unknown> {
    const op: OperationSpec = operations[id];
    if (version) assertServed(op, version, `${id} (${op.method.toUpperCase()} ${op.path}${op.action ? ` ${op.action}` : ""})`);
    const { body, ...flat } = input;
    const pathNames = [...op.path.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    const pick = (names: readonly string[]) => Object.fromEntries(names.filter((n) => flat[n] !== undefined).map((n) => [n, flat[n]]));
    const payload = op.action ? { [op.action]: body ?? null } : body;
    const method = op.method.toUpperCase() as Uppercase<OperationSpec["method"]>;
    const label = `${id} (${method} ${op.path})`;
    let reply: { error?: unknown; response: Response };
    try {
      // "stream": the body is left unread here, so that readJsonReply can say what is wrong with it.
      reply = await (raw.request as (m: string, p: string, init: object) => Promise<{ error?: unknown; response: Response }>)(op.method, op.path, {
        params: { path: pick(pathNames), query: pick(op.query) },
        body: payload,
        parseAs: "stream",
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        ...(op.root ? { baseUrl: root, pathSerializer: rootPath } : {}),
        ...(op.queryStyle ? { querySerializer: (q: Record<string, unknown>) => serializeQuery(q, op.query, op.queryStyle === "literal") } : {}),
        ...(op.pathQuote ? { pathSerializer: (url: string, params: Record<string, unknown>) => serializePath(url, params, quoteAll) } : {}),
      });
    } catch (err) {
      // Reading an error reply that breaks off mid-body.
      if (err instanceof NovaClientError || (err as Error).name === "AbortError") throw err;
      throw new NovaClientError("ConnectFailure", `The connection broke while reading the reply to ${label}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`, { cause: err });
    }
    const { error, response } = reply;
    if (!response.ok) {
      const err = errorFromBody(response, method, error);
      // keystoneauth re-authenticated once already (authMiddleware); a user's own token cannot be.
      if (response.status === 401 && options.token) {
        throw new NovaApiError(401, `${err.message} The token given (--os-token, env[OS_TOKEN]) was refused and cannot be renewed.`, err.fault, err.requestId, method, response.url);
      }
      throw err;
    }
    // Every Nova GET answers a JSON object but for a 204 (checkServerTag), whose JSON content
    // type comes with no body; other methods may answer nothing (202, 204).
    const data = await readJsonReply(response, label, op.method === "get" && response.status !== 204);
    traffic.last = { operation: id, status: response.status, contentType: response.headers.get("content-type") ?? "", requestId: requestIdOf(response.headers), body: data };
    // An action that answers only with a Location header (createImage and createBackup before
    // 2.45: where the new image is) gives that header, which would otherwise be lost.
    const location = data === undefined && op.action ? response.headers.get("location") : null;
    return location ? { location } : data;
  }

  // With a token store, the version document is kept with the token: a cached run skips it too.
  let range = await session?.storedVersions(endpoint);
  if (!range) {
    range = ((await send("showVersionV21")) as { version?: VersionRange }).version;
    if (!range || typeof range !== "object") throw new MalformedReplyError("showVersionV21 (GET /v2.1)", 200, "application/json", undefined, "has no `version` object");
    await session?.storeVersions(endpoint, range);
  }
  const client: ServerRange = { min: parseVersion(microversions.min), max: parseVersion(microversions.max) };
  const server = rangeOf(range);
  version = negotiate(requested, server, client);
  Object.assign(headers, versionHeaders(version));
  const negotiated = version;

  return {
    raw,
    microversion: formatVersion(negotiated),
    projectId,
    serverRange: { min: formatVersion(server.min), max: formatVersion(server.max) },
    endpoint,
    traffic,
    call: ((id: OperationId, input?: Record<string, unknown>, callOptions?: CallOptions) => send(id, input, callOptions)) as ComputeClient["call"],
    serviceUrl: (type) => {
      if (options.endpoint) return undefined;
      try {
        return selectEndpoint(catalog, { serviceType: type, interface: options.interface ?? "public", region: options.region });
      } catch {
        return undefined;
      }
    },
    fetchService: async (url) => {
      // python-novaclient's session sends its compute microversion to Glance and Neutron too.
      const headers = { Accept: "application/json", ...versionHeaders(negotiated), "User-Agent": options.userAgent ?? USER_AGENT, "X-Auth-Token": await tokenFor() };
      const started = performance.now();
      const reply = await toService({ method: "GET", url, headers });
      if (options.timings) traffic.timings.push({ method: "GET", url, seconds: (performance.now() - started) / 1000 });
      return reply;
    },
    supports: (id) => {
      try {
        assertServed(operations[id], negotiated, id);
        return true;
      } catch {
        return false;
      }
    },
  };
}
