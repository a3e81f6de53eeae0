import createClient, { type Client } from "openapi-fetch";
import { type OperationId, type OperationSpec, microversions, operations } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import type { CallArgs, CallResult } from "./call-types.js";
import { type ServerRange, negotiate, rangeOf } from "./discovery.js";
import { NovaClientError, errorFromBody } from "../core/errors.js";
import { HttpLog, type LogSink } from "./http-log.js";
import { type CatalogService, type Credentials, type KeystoneToken, type VersionRange, selectEndpoint } from "./keystone.js";
import { authMiddleware } from "./middleware/auth.js";
import { debugMiddleware } from "./middleware/debug.js";
import { errorsMiddleware } from "./middleware/errors.js";
import { baseHeaders } from "./middleware/headers.js";
import { type TrafficRecord, timingsMiddleware } from "./middleware/timings.js";
import { timeoutMiddleware } from "./middleware/timeout.js";
import { type SpecMismatch, validateMiddleware } from "./middleware/validate.js";
import { assertServed, versionHeaders, versionMiddleware } from "./middleware/versions.js";
import { KeystoneSession, type TokenStore } from "./session.js";
import { serializePath, serializeQuery } from "./query.js";
import { tlsFetch } from "./tls.js";
import { directTransport } from "./transport.js";
import { type ApiVersion, formatVersion, parseRequestedVersion, parseVersion } from "../core/version.js";
import { USER_AGENT } from "./user-agent.js";

export interface ComputeClientOptions extends Partial<Credentials> {
  /** Use this compute endpoint instead of the catalog's (novaclient's --bypass-url). */
  endpoint?: string;
  region?: string;
  /** public, internal or admin (novaclient's publicURL spellings work too). */
  interface?: string;
  serviceType?: string;
  serviceName?: string;
  /** "2.latest" (default) or "2.N". */
  microversion?: string;
  /** Seconds before a request is abandoned. */
  timeout?: number;
  insecure?: boolean;
  /** PEM file of the CA that signed the cloud's certificates. */
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
}

export interface ComputeClient {
  /** The openapi-fetch client with every path of the spec typed; middleware already attached. */
  readonly raw: Client<paths>;
  /** The negotiated microversion. */
  readonly microversion: string;
  readonly serverRange: { min: string; max: string };
  readonly endpoint: string;
  readonly traffic: TrafficRecord;
  /** Calls one operation of the spec by id, throwing NovaApiError on an error reply. */
  call<Id extends OperationId>(id: Id, ...args: CallArgs<Id>): Promise<CallResult<Id>>;
  /** Whether the negotiated microversion has this operation. */
  supports(id: OperationId): boolean;
  /**
   * The URL of another service from the catalog (same interface and region), for the few
   * lookups the CLI makes outside Compute (image names); undefined with an endpoint override.
   */
  serviceUrl(type: string): string | undefined;
  /** Sends a request to another service with this client's token, headers and logging. */
  fetchService(url: string): Promise<Response>;
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

/** Authenticates, finds the compute endpoint, negotiates the microversion, and returns a client. */
export async function createComputeClient(options: ComputeClientOptions): Promise<ComputeClient> {
  const fetchFn = options.fetch ?? (await tlsFetch(options));
  const log = options.debug ? new HttpLog(options.debug) : undefined;
  const requested = parseRequestedVersion(options.microversion ?? "2.latest");

  let tokenFor: () => string | Promise<string>;
  let renew: (() => Promise<boolean>) | undefined;
  let session: KeystoneSession | undefined;
  let catalog: CatalogService[] = [];
  let endpoint = options.endpoint;
  if (options.token && endpoint) {
    const token = options.token;
    tokenFor = () => token;
  } else {
    if (!options.authUrl) throw new NovaClientError("CommandError", "You must provide an auth url via either --os-auth-url or env[OS_AUTH_URL].");
    session = new KeystoneSession(options as Credentials, fetchFn, log, options.tokenStore, options.timeout, options.pendingToken);
    const first = await session.token();
    catalog = first.catalog;
    endpoint ??= selectEndpoint(catalog, {
      serviceType: options.serviceType ?? "compute",
      serviceName: options.serviceName,
      interface: options.interface ?? "public",
      region: options.region,
    });
    const held = session;
    tokenFor = () => held.fresh()?.token ?? held.token().then((t) => t.token);
    if (options.tokenStore) renew = () => held.renew();
  }
  const root = rootOf(endpoint);

  const traffic: TrafficRecord = { timings: [] };
  let version: ApiVersion | undefined;
  // Headers common to every request go in once, as the client's base headers; the microversion
  // joins them after discovery (which is sent without one).
  const headers = baseHeaders(options.userAgent ?? USER_AGENT, options.globalRequestId);
  const raw = createClient<paths>({ baseUrl: endpoint.replace(/\/+$/, ""), ...directTransport(fetchFn), headers, querySerializer: serializeQuery, pathSerializer: serializePath });
  raw.use(errorsMiddleware(options.timeout));
  if (options.timings) raw.use(timingsMiddleware(traffic));
  raw.use(authMiddleware(tokenFor, renew));
  raw.use(versionMiddleware(() => version));
  if (options.timeout) raw.use(timeoutMiddleware(options.timeout));
  if (options.validateResponses) {
    const { loadValidator } = await import("../spec/validator.js");
    const report = typeof options.validateResponses === "function" ? options.validateResponses : undefined;
    raw.use(validateMiddleware(await loadValidator(), () => version, report));
  }
  if (log) raw.use(debugMiddleware(log));

  async function send(id: OperationId, input: Record<string, unknown> = {}): Promise<unknown> {
    const op: OperationSpec = operations[id];
    if (version) assertServed(op, version, `${id} (${op.method.toUpperCase()} ${op.path}${op.action ? ` ${op.action}` : ""})`);
    const { body, ...flat } = input;
    const pathNames = [...op.path.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    const pick = (names: readonly string[]) => Object.fromEntries(names.filter((n) => flat[n] !== undefined).map((n) => [n, flat[n]]));
    const payload = op.action ? { [op.action]: body ?? null } : body;
    const method = op.method.toUpperCase() as Uppercase<OperationSpec["method"]>;
    const { data, error, response } = await (raw.request as (m: string, p: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>)(
      op.method,
      op.path,
      { params: { path: pick(pathNames), query: pick(op.query) }, body: payload, ...(op.root ? { baseUrl: root, pathSerializer: rootPath } : {}) },
    );
    if (!response.ok) throw errorFromBody(response, method, error);
    return data;
  }

  // With a token store, the version document is kept with the token: a cached run skips it too.
  let range = await session?.storedVersions(endpoint);
  if (!range) {
    range = ((await send("showVersionV21")) as { version: VersionRange }).version;
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
    serverRange: { min: formatVersion(server.min), max: formatVersion(server.max) },
    endpoint,
    traffic,
    call: ((id: OperationId, input?: Record<string, unknown>) => send(id, input)) as ComputeClient["call"],
    serviceUrl: (type) => {
      if (options.endpoint) return undefined;
      try {
        return selectEndpoint(catalog, { serviceType: type, interface: options.interface ?? "public", region: options.region });
      } catch {
        return undefined;
      }
    },
    fetchService: async (url) => {
      const request = new Request(url, { headers: { Accept: "application/json", "User-Agent": options.userAgent ?? USER_AGENT, "X-Auth-Token": await tokenFor() } });
      log?.request(request);
      const started = performance.now();
      const response = await fetchFn(request);
      if (options.timings) traffic.timings.push({ method: "GET", url, seconds: (performance.now() - started) / 1000 });
      log?.response(response, await response.clone().text());
      return response;
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
