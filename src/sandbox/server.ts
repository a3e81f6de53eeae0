import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { floatFields } from "../../generated/commands.js";
import { type OperationId, type OperationSpec, microversions, operations, removed } from "../../generated/operations.js";
import { jsonWithFloats } from "../text/python.js";
import { type ApiVersion, compareVersions, formatVersion, inRange, parseVersion } from "../core/version.js";
import { type SpecValidator, loadValidator } from "../spec/validator.js";
import type { Handlers, Reply, RequestContext } from "./context.js";
import { Fault, badRequest, notFound } from "./faults.js";
import { keystone, userOfToken } from "./keystone.js";
import { type CloudState, type ImageRecord, type SeedOptions, seedState } from "./state.js";
import { NETWORKS, type NetworkRecord } from "./handlers/stores.js";

/** A path segment decoded; one that is not valid percent-encoding (%zz) stays as sent, as Nova keeps it. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
import { fallbackReply } from "./handlers/fallback.js";

// Nova is Python: its JSON writes floats as 1.0, which clients that print them can tell apart.
const FLOATS = { floats: new Set(floatFields) };

const IDENTITY = "/identity/v3";
const IMAGES = "/image/v2/images";
const NETWORKS_PATH = "/network/v2.0/networks";
const UNAUTHORIZED = { error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } };
const COMPUTE = "/compute";
const VERSIONED = `${COMPUTE}/v2.1`;

interface Route {
  pattern: RegExp;
  names: string[];
  /** Operation ids at this method and path: one, or one per action. */
  ids: OperationId[];
  op: OperationSpec;
}

/** A path template as a regular expression under a prefix; its placeholders' names into `names`. */
function pattern(prefix: string, path: string, names: string[] = []): RegExp {
  const source = (prefix + path)
    .replace(/\/$/, "")
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
  return new RegExp(`^${source}/?$`);
}

const REMOVED = removed.map((r) => ({ method: r.method.toLowerCase(), pattern: pattern(VERSIONED, r.path) }));

function routes(): Route[] {
  const grouped = new Map<string, Route>();
  for (const [id, op] of Object.entries(operations) as [OperationId, OperationSpec][]) {
    // Removed APIs answer 410 (REMOVED), whatever the operations table says.
    if (op.removed) continue;
    const key = `${op.method} ${op.path}`;
    const existing = grouped.get(key);
    if (existing) {
      existing.ids.push(id);
      continue;
    }
    const names: string[] = [];
    const regex = pattern(op.root ? COMPUTE : VERSIONED, op.path, names);
    grouped.set(key, { pattern: regex, names, ids: [id], op });
  }
  // Literal segments win over placeholders: /flavors/detail before /flavors/{flavor_id}.
  return [...grouped.values()].sort((a, b) => a.names.length - b.names.length);
}

export interface SandboxOptions extends SeedOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Highest microversion to serve (default: the spec's maximum). */
  maxVersion?: string;
  region?: string;
  /** Extra handlers, e.g. for operations a test adds to the spec. */
  handlers?: Handlers;
  /** Operations to answer with a bare HTML 404, as a cloud without them does (e.g. backupInstance). */
  without?: OperationId[];
  /** Serve HTTPS with this PEM key and certificate (for trying --insecure and --os-cacert). */
  tls?: { key: string; cert: string };
  /**
   * Origins whose pages may call the sandbox ("*" for any), as oslo.middleware's CORS filter
   * lets them call Keystone and Nova: preflights answered, reply headers a client reads exposed.
   */
  corsOrigins?: string[];
}

/** The reply headers a client reads (the token, request ids, the microversion, where an image went). */
const EXPOSED = ["X-Subject-Token", "X-OpenStack-Request-ID", "X-Compute-Request-ID", "OpenStack-API-Version", "X-OpenStack-Nova-API-Version", "Location"];

/** A request as the sandbox saw it; the body re-serialised with sorted keys (spacing is no difference). */
export interface SeenRequest {
  method: string;
  path: string;
  microversion?: string;
  body?: string;
}

/** JSON text with object keys sorted; text that is no JSON stays as it is. */
function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)));
  } catch {
    return text;
  }
}

export interface Sandbox {
  /** Keystone v3 URL to use as OS_AUTH_URL. */
  authUrl: string;
  computeUrl: string;
  state: CloudState;
  /** Requests received, in order ("POST /identity/v3/auth/tokens", ...). */
  requests: string[];
  /** The same requests with what a client comparison needs: microversion asked for and body. */
  traffic: SeenRequest[];
  close(): Promise<void>;
}

const HTML_404 = "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>";

function requestedVersion(req: IncomingMessage): string | undefined {
  const modern = req.headers["openstack-api-version"];
  const text = Array.isArray(modern) ? modern[0] : modern;
  const match = text ? /^\s*compute\s+(\S+)/i.exec(text) : null;
  if (match) return match[1];
  const legacy = req.headers["x-openstack-nova-api-version"];
  return Array.isArray(legacy) ? legacy[0] : legacy;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The set of Nova operations plus Keystone, served over HTTP on 127.0.0.1. */
export class SandboxCloud {
  private readonly table = routes();
  private readonly max: ApiVersion;
  private validator?: SpecValidator;
  readonly requests: string[] = [];
  readonly traffic: SeenRequest[] = [];

  constructor(
    readonly state: CloudState,
    private readonly handlers: Handlers,
    private readonly options: SandboxOptions,
    private base = "",
  ) {
    this.max = parseVersion(options.maxVersion ?? microversions.max);
  }

  setBase(base: string): void {
    this.base = base;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.base);
    const requestId = `req-${randomUUID()}`;
    const headers: Record<string, string> = { "X-OpenStack-Request-ID": requestId, "X-Compute-Request-ID": requestId };
    const send = (status: number, body: unknown, contentType = "application/json") => {
      const text = body === undefined ? "" : typeof body === "string" ? body : jsonWithFloats(body, FLOATS);
      // Nova's wsgi layer names the JSON content type on its empty replies too (202, 204).
      res.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    };
    // A path Nova has no route for: webob answers, in JSON when asked for JSON, else in HTML.
    const noRoute = () =>
      String(req.headers.accept ?? "").includes("application/json")
        ? send(404, { message: "The resource could not be found.<br /><br />\n\n\n", code: "404 Not Found", title: "Not Found" })
        : send(404, HTML_404, "text/html; charset=UTF-8");
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const raw = await readBody(req);
    const seen: SeenRequest = { method: req.method ?? "GET", path: `${url.pathname}${url.search}` };
    const askedFor = requestedVersion(req);
    if (askedFor) seen.microversion = askedFor;
    if (raw) seen.body = url.pathname.startsWith(IDENTITY) ? "(credentials)" : canonicalJson(raw);
    this.traffic.push(seen);
    const origin = req.headers.origin;
    const allowed = this.options.corsOrigins ?? [];
    if (origin && (allowed.includes("*") || allowed.includes(origin))) {
      Object.assign(headers, { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED.join(", "), Vary: "Origin" });
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
        res.writeHead(204, {
          ...headers,
          "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, PATCH, HEAD",
          "Access-Control-Allow-Headers": String(req.headers["access-control-request-headers"] ?? ""),
          "Access-Control-Max-Age": "3600",
        });
        res.end();
        return;
      }
    }

    if (url.pathname.startsWith(IDENTITY)) {
      let parsed: unknown;
      try {
        parsed = raw ? JSON.parse(raw) : undefined;
      } catch {
        return send(400, { error: { code: 400, message: "Malformed request body", title: "Bad Request" } });
      }
      const reply = keystone(this.state, req.method ?? "GET", url.pathname.slice(IDENTITY.length), parsed, {
        identity: `${this.base}${IDENTITY}`,
        compute: `${this.base}${VERSIONED}`,
        image: `${this.base}/image`,
        network: `${this.base}/network`,
        region: this.options.region ?? "RegionOne",
      });
      Object.assign(headers, reply.headers);
      return send(reply.status, reply.body);
    }

    if (url.pathname.startsWith(IMAGES)) return send(...this.images(url, req.headers["x-auth-token"] as string | undefined));
    if (url.pathname === NETWORKS_PATH) return send(...this.networks(url, req.headers["x-auth-token"] as string | undefined));

    const method = (req.method ?? "GET").toLowerCase();
    const route = this.table.find((r) => r.op.method === method && r.pattern.test(url.pathname));
    if (!route) {
      if (REMOVED.some((r) => r.method === method && r.pattern.test(url.pathname))) {
        return send(410, { computeFault: { code: 410, message: "This resource is no longer available. No forwarding address is given." } });
      }
      return noRoute();
    }

    if (route.ids.every((id) => this.options.without?.includes(id))) return noRoute();

    const user = userOfToken(this.state, req.headers["x-auth-token"] as string | undefined);
    if (!user && !route.op.root) {
      return send(401, { error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
    }

    const asked = requestedVersion(req);
    let version: ApiVersion;
    try {
      version = asked && asked !== "latest" ? parseVersion(asked) : asked === "latest" ? this.max : parseVersion("2.1");
    } catch {
      return send(400, { computeFault: { code: 400, message: `API Version String ${asked} is of invalid format. Must be of format MajorNum.MinorNum.` } });
    }
    Object.assign(headers, {
      "OpenStack-API-Version": `compute ${formatVersion(version)}`,
      "X-OpenStack-Nova-API-Version": formatVersion(version),
      Vary: "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
    });
    if (compareVersions(version, parseVersion("2.1")) < 0 || compareVersions(version, this.max) > 0) {
      return send(406, { computeFault: { code: 406, message: `Version ${formatVersion(version)} is not supported by the API. Minimum is 2.1 and maximum is ${formatVersion(this.max)}.` } });
    }

    try {
      const reply: Reply & { headers?: Record<string, string> } = await this.dispatch(route, url, raw, version, user, requestId);
      Object.assign(headers, reply.headers);
      return send(reply.status, reply.body);
    } catch (err) {
      if (err instanceof Fault) return send(err.status, err.body());
      const message = err instanceof Error ? err.message : String(err);
      return send(500, { computeFault: { code: 500, message: `Unexpected API Error. ${message}` } });
    }
  }

  /**
   * The Glance reads the CLI makes: an image by id, images (all, or by name). An image shows its
   * properties as top-level fields, as Glance v2 does; a snapshot or backup is its owner's.
   */
  private images(url: URL, token: string | undefined): [number, unknown] {
    if (!userOfToken(this.state, token)) return [401, UNAUTHORIZED];
    const view = (i: ImageRecord) => ({
      ...i.properties,
      id: i.id,
      name: i.name,
      status: "active",
      visibility: i.server_id ? "private" : "public",
      container_format: "bare",
      disk_format: i.server_id ? "qcow2" : "raw",
      min_disk: 0,
      min_ram: 0,
      protected: false,
      owner: i.server_id ? this.state.servers.get(i.server_id)?.project_id ?? null : null,
      tags: [],
      self: `/v2/images/${i.id}`,
      file: `/v2/images/${i.id}/file`,
      schema: "/v2/schemas/image",
    });
    const id = url.pathname.slice(IMAGES.length + 1);
    if (!id) {
      const name = url.searchParams.get("name");
      const ids = url.searchParams.get("id")?.replace(/^in:/, "").split(",");
      const other = [...url.searchParams.keys()].some((k) => k !== "name" && k !== "id");
      return [200, { images: [...this.state.images.values()].filter((i) => !other && (!name || i.name === name) && (!ids || ids.includes(i.id))).map(view) }];
    }
    const image = this.state.images.get(decodeSegment(id));
    return image ? [200, view(image)] : [404, HTML_404];
  }

  /** Neutron's network listing (by name), which the CLI's --nic net-name= resolves names with. */
  private networks(url: URL, token: string | undefined): [number, unknown] {
    if (!userOfToken(this.state, token)) return [401, UNAUTHORIZED];
    const name = url.searchParams.get("name");
    const view = (n: NetworkRecord) => ({ id: n.id, name: n.label, status: "ACTIVE", admin_state_up: true, shared: false, subnets: [n.subnet_id], "router:external": false });
    return [200, { networks: NETWORKS.filter((n) => name === null || n.label === name).map(view) }];
  }

  private async dispatch(route: Route, url: URL, raw: string, version: ApiVersion, user: RequestContext["user"] | undefined, requestId: string): Promise<Reply> {
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw badRequest("Malformed request body");
      }
    }
    let id: OperationId | undefined = route.ids[0]!;
    const actions = route.ids.filter((i) => (operations[i] as OperationSpec).action !== undefined);
    if (actions.length > 0) {
      const key = body && typeof body === "object" ? Object.keys(body)[0] : undefined;
      id = actions.find((i) => (operations[i] as OperationSpec).action === key);
      if (!id) throw badRequest(`There is no such action: ${key ?? "(none)"}`);
    }
    const op: OperationSpec = operations[id];
    if (!inRange(version, op.min, op.max)) throw notFound("The resource could not be found.");

    const validator = (this.validator ??= await loadValidator());
    // PUT /servers/{id}/tags/{tag} has no body: only operations with a request body need one.
    if ((op.method === "post" || op.method === "put") && validator.schemaOf(id, "request") !== undefined) {
      if (body === undefined) throw badRequest("Malformed request body");
      const problems = validator.validate(id, "request", version, body);
      const first = problems[0];
      if (first) {
        const field = first.field.split("/").filter(Boolean).pop() ?? "body";
        const value = first.field.split("/").filter(Boolean).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);
        throw badRequest(`Invalid input for field/attribute ${field}. Value: ${typeof value === "object" || value === undefined ? JSON.stringify(body) : String(value)}. ${first.message}`);
      }
    }

    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeSegment(route.pattern.exec(url.pathname)![i + 1]!)]));
    // requestId: the X-OpenStack-Request-ID of this reply (instance actions record it).
    const ctx: RequestContext & { requestId: string } = {
      requestId,
      params,
      query: url.searchParams,
      body: op.action && body && typeof body === "object" ? (body as Record<string, unknown>)[op.action] : body,
      version,
      user: user!,
      isAdmin: user?.roles.includes("admin") ?? false,
      state: this.state,
      endpoint: `${this.base}${VERSIONED}`,
      maxVersion: formatVersion(this.max),
    };
    const handler = this.handlers[id];
    const reply = handler ? await handler(ctx) : fallbackReply(validator, id, version);
    return { ...reply, body: validator.trim(id, reply.status, version, reply.body) };
  }
}

/** Starts the sandbox cloud on 127.0.0.1 (a free port unless one is given). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { handlers } = await import("./handlers/index.js");
  const state = seedState(options);
  const cloud = new SandboxCloud(state, { ...handlers, ...options.handlers }, options);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    cloud.handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(err));
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const base = `${options.tls ? "https" : "http"}://${host}:${port}`;
  cloud.setBase(base);
  return {
    authUrl: `${base}${IDENTITY}`,
    computeUrl: `${base}${VERSIONED}`,
    state,
    requests: cloud.requests,
    traffic: cloud.traffic,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
