/**
 * What the real-cloud suite shares: credentials read from the cloud's openrc files, a library
 * client that reports every reply that does not match the spec, and the built `nova` run
 * through a recording proxy that validates every compute reply the same way.
 *
 * The cloud: `npm run real-cloud:up` (scripts/real-cloud/up.sh); state in $REAL_CLOUD_DIR.
 */
import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect } from "vitest";
import { type OperationId, operations } from "../../generated/operations.js";
import { createNovaClient, type NovaClient, type NovaClientOptions } from "../../src/index.js";
import type { SpecMismatch } from "../../src/client/middleware/validate.js";
import { operationFor } from "../../src/client/middleware/versions.js";
import { parseVersion } from "../../src/core/version.js";
import { type SpecValidator, loadValidator } from "../../src/spec/validator.js";
import { pythonNova as runPythonNova } from "../cli/python-nova.js";
import { StandardReaders } from "../spec/standard.js";
export { PYTHON_NOVA } from "../cli/python-nova.js";
import { type CliResult, nova as runNova } from "../cli/run-cli.js";

export const CLOUD_DIR = process.env.REAL_CLOUD_DIR ?? "/tmp/real-cloud";
/** Nova 26 (Zed). */
export const MAX_VERSION = "2.93";
export const HOST = "realcloud";
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const REQ_ID = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

export type Who = "admin" | "demo";

/** The `export X=Y` lines of $REAL_CLOUD_DIR/openrc (admin) or openrc-demo. */
export function openrc(who: Who): Record<string, string> {
  const text = readFileSync(join(CLOUD_DIR, who === "admin" ? "openrc" : "openrc-demo"), "utf8");
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*export\s+(.*)$/.exec(line);
    if (!m) continue;
    for (const [, name, raw] of m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) {
      env[name!] = raw!.replace(/^(["'])(.*)\1$/, "$2");
    }
  }
  if (!env.OS_AUTH_URL || !env.OS_PASSWORD) throw new Error(`${CLOUD_DIR}: no OS_AUTH_URL/OS_PASSWORD in the openrc files; run npm run real-cloud:up`);
  return env;
}

/** createNovaClient options for a user of the cloud, by name (as the openrc files say). */
export function credentials(who: Who): NovaClientOptions {
  const env = openrc(who);
  return {
    authUrl: env.OS_AUTH_URL,
    username: env.OS_USERNAME,
    password: env.OS_PASSWORD,
    projectName: env.OS_PROJECT_NAME,
    userDomainName: env.OS_USER_DOMAIN_NAME,
    projectDomainName: env.OS_PROJECT_DOMAIN_NAME,
    region: env.OS_REGION_NAME,
  };
}

// --- spec mismatches ----------------------------------------------------------------------------

/** Every reply of this test file that did not match the spec (library and proxied CLI traffic). */
export const mismatches: string[] = [];

export function recordMismatch(m: SpecMismatch, via = "library"): void {
  for (const p of m.problems) mismatches.push(`${m.operation} at ${m.microversion} (HTTP ${m.status}, ${via}): ${p.field || "/"} ${p.message}`);
}

let readers: StandardReaders | undefined;

/**
 * Checks a compute reply as a reader of nova-spec's documents that knows nothing of our
 * vocabulary would (plain ajv): against the document of the microversion Nova answered with,
 * and against the union. Each problem is a mismatch, as our own validator's are.
 */
function checkStandard(operation: string, microversion: string | undefined, status: number, body: unknown, via: string): void {
  if ("removed" in operations[operation as OperationId]) return;
  readers ??= new StandardReaders();
  const version = microversion ?? "2.1";
  for (const [name, reader] of [[`nova-spec --microversion ${version}`, readers.at(version)], ["the union", readers.union]] as const) {
    // Nova's error for a request its version does not serve: nothing in the document to check.
    if (status >= 400 && !reader.hasOperation(operation)) continue;
    for (const p of reader.checkOperation(operation, { status }, body)) mismatches.push(`${operation} at ${version} (HTTP ${status}, ${via}, plain ajv on ${name}): ${p}`);
  }
}

/** The operation a compute request is (by its path under /v2.1, and an action's body key). */
function operationOf(method: string, pathname: string, body: string): string | undefined {
  const template = templateOf(method, pathname);
  const actionKey: unknown = template?.endsWith("/action") && body ? JSON.parse(body) : undefined;
  return template ? operationFor(method, template, actionKey)?.[0] : undefined;
}

/** Fails naming operation, microversion and field for each reply that did not match the spec. */
export function expectNoMismatches(): void {
  expect(mismatches, `replies that do not match the spec:\n${mismatches.join("\n")}`).toEqual([]);
}

/** Every compute request a library client sent (method and path with query), in order. */
export interface Counted {
  requests: string[];
}

/**
 * A library client as `who`, validating every reply (mismatches collected, see above) and
 * recording the requests it sends in `counted` when given.
 */
export async function connect(who: Who, extra: Partial<NovaClientOptions> = {}, counted?: Counted): Promise<NovaClient> {
  const fetchFn = async (input: Request | string | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    counted?.requests.push(`${req.method} ${url.port === "5000" ? "keystone:" : ""}${url.pathname}${url.search}`);
    const sent = url.port === "5000" ? "" : await req.clone().text();
    const res = await fetch(input, init);
    const operation = url.port === "5000" ? undefined : operationOf(req.method, url.pathname, sent);
    const text = operation && (res.headers.get("content-type") ?? "").includes("json") ? await res.clone().text() : "";
    if (operation && text) checkStandard(operation, res.headers.get("openstack-api-version")?.replace(/^compute\s+/, "") || undefined, res.status, JSON.parse(text), "library");
    return res;
  };
  return createNovaClient({ ...credentials(who), validateResponses: (m) => recordMismatch(m), fetch: fetchFn as typeof fetch, ...extra });
}

/** Polls `get` until `done` holds (or `get` throws NotFound when `gone`), up to `seconds`. */
export async function waitFor<T>(what: string, get: () => Promise<T>, done: (value: T) => boolean, seconds = 90): Promise<T> {
  const until = Date.now() + seconds * 1000;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await get();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}`);
}

// --- the recording proxy ------------------------------------------------------------------------

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
  operation?: string;
  microversion?: string;
}

export interface Proxy {
  /** Keystone through the proxy: its catalog's compute endpoints point at the compute proxy. */
  authUrl: string;
  computeUrl: string;
  /** Compute requests seen, in order (Keystone's not included). */
  requests: ProxiedRequest[];
  keystoneRequests: string[];
  /** How many JSON replies were checked against the spec. */
  validated(): number;
  close(): Promise<void>;
}

let validator: SpecValidator | undefined;

const ROUTES = (Object.entries(operations) as [OperationId, (typeof operations)[OperationId]][])
  .filter(([, op]) => !("action" in op && op.action))
  .map(([, op]) => {
    const path = op.path;
    const literal = path.split("/").filter((s) => s && !s.startsWith("{")).length;
    const re = new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return { method: op.method.toUpperCase(), path, literal, re, root: "root" in op && op.root };
  });

/** The spec's path template for a compute request path (under /v2.1, or the root documents). */
function templateOf(method: string, fullPath: string): string | undefined {
  const path = fullPath.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/v2.1") return path;
  if (!path.startsWith("/v2.1/")) return undefined;
  const rest = path.slice("/v2.1".length);
  const matches = ROUTES.filter((r) => !r.root && r.method === method && r.re.test(rest)).sort((a, b) => b.literal - a.literal);
  return matches[0]?.path;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function forward(req: IncomingMessage, body: Buffer, port: number): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers }, (res) => {
      readAll(res).then((b) => resolve({ res, body: b }), reject);
    });
    out.on("error", reject);
    out.end(body);
  });
}

function reply(res: ServerResponse, from: IncomingMessage, body: Buffer): void {
  const headers = { ...from.headers };
  delete headers["transfer-encoding"];
  delete headers["content-length"];
  if (from.statusCode !== 204 && from.statusCode !== 304) headers["content-length"] = String(body.length);
  res.writeHead(from.statusCode ?? 502, from.statusMessage, headers);
  res.end(body);
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Starts two transparent proxies, one before Keystone and one before Nova: the CLI (ours or
 * python-novaclient) authenticates through the first, whose catalog sends it to the second,
 * which validates every compute reply against the spec at the microversion Nova answered with.
 */
export async function startProxy(): Promise<Proxy> {
  validator ??= await loadValidator();
  const spec = validator;
  const keystone = new URL(openrc("admin").OS_AUTH_URL!);
  const keystonePort = Number(keystone.port || 80);
  const novaPort = 8774;
  const requests: ProxiedRequest[] = [];
  const keystoneRequests: string[] = [];
  let computePort = 0;
  let validated = 0;

  const compute = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const answer = await forward(req, body, novaPort);
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://x");
      const operation = operationOf(method, url.pathname, body.toString());
      const header = String(answer.res.headers["openstack-api-version"] ?? "").replace(/^compute\s+/, "");
      const microversion = header || undefined;
      requests.push({ method, path: `${url.pathname}${url.search}`, status: answer.res.statusCode ?? 0, operation, microversion });
      const type = String(answer.res.headers["content-type"] ?? "");
      if (!operation && (answer.res.statusCode ?? 0) < 400) {
        mismatches.push(`${method} ${url.pathname} (HTTP ${answer.res.statusCode}, cli): the spec has no operation for this request`);
      } else if (operation && type.includes("json") && answer.body.length) {
        const version = parseVersion(microversion ?? "2.1");
        validated += 1;
        const problems = spec.validate(operation, { status: answer.res.statusCode ?? 0 }, version, JSON.parse(answer.body.toString()));
        if (problems.length) recordMismatch({ operation, microversion: microversion ?? "2.1", status: answer.res.statusCode ?? 0, problems }, "cli");
        checkStandard(operation, microversion, answer.res.statusCode ?? 0, JSON.parse(answer.body.toString()), "cli");
      }
      reply(res, answer.res, answer.body);
    })().catch((err: unknown) => {
      res.writeHead(502);
      res.end(String(err));
    });
  });

  const identity = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const answer = await forward(req, body, keystonePort);
      keystoneRequests.push(`${req.method} ${req.url}`);
      let out = answer.body;
      if (String(answer.res.headers["content-type"] ?? "").includes("json")) {
        out = Buffer.from(out.toString().replaceAll(`http://127.0.0.1:${novaPort}`, `http://127.0.0.1:${computePort}`));
      }
      reply(res, answer.res, out);
    })().catch((err: unknown) => {
      res.writeHead(502);
      res.end(String(err));
    });
  });

  computePort = await listen(compute);
  const identityPort = await listen(identity);
  const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    authUrl: `http://127.0.0.1:${identityPort}${keystone.pathname}`,
    computeUrl: `http://127.0.0.1:${computePort}/v2.1`,
    requests,
    keystoneRequests,
    validated: () => validated,
    close: async () => {
      compute.closeAllConnections();
      identity.closeAllConnections();
      await Promise.all([close(compute), close(identity)]);
    },
  };
}

// --- the CLI ---------------------------------------------------------------------------------------

/** The OS_* variables for `who`, authenticating through the proxy. */
export function cliEnv(proxy: Proxy, who: Who, extra: Record<string, string> = {}): Record<string, string> {
  return { ...openrc(who), OS_AUTH_URL: proxy.authUrl, NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1", ...extra };
}

/** Runs the built nova-ts `nova` as `who` through the proxy. */
export function nova(proxy: Proxy, args: string[], who: Who = "admin", extra: Record<string, string> = {}): Promise<CliResult> {
  return runNova(args, cliEnv(proxy, who, extra));
}

/** Runs python-novaclient's `nova` as `who` through the proxy. */
export function pythonNova(proxy: Proxy, args: string[], who: Who = "admin", extra: Record<string, string> = {}): Promise<CliResult> {
  return runPythonNova(args, cliEnv(proxy, who, extra));
}

/** A property of a `nova show`-style Property/Value table. */
export function property(table: string, name: string): string | undefined {
  const re = new RegExp(`^\\| ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} +\\| (.*?) +\\|$`, "m");
  return re.exec(table)?.[1];
}

/** The first column's values of a table's rows (header excluded). */
export function column(table: string, index = 0): string[] {
  const rows = table.split("\n").filter((l) => l.startsWith("|"));
  return rows.slice(1).map((l) => l.split("|")[index + 1]!.trim());
}

/** A short unique suffix for names this run creates. */
export const RUN = `rt${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1000)}`;

/** A token straight from Keystone (for the token-and-endpoint mode, Glance clean-up, ids). */
export async function keystoneToken(who: Who): Promise<{ token: string; userId: string; projectId: string; catalog: { type: string; endpoints: { url: string; interface: string }[] }[] }> {
  const c = credentials(who);
  const response = await fetch(`${c.authUrl!.replace(/\/+$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: c.username, domain: { name: c.userDomainName }, password: c.password } } },
        scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
      },
    }),
  });
  if (!response.ok) throw new Error(`Keystone: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: { user: { id: string }; project: { id: string }; catalog: never } };
  return { token: response.headers.get("x-subject-token")!, userId: body.token.user.id, projectId: body.token.project.id, catalog: body.token.catalog };
}

/** Deletes a Glance image (snapshots and backups the suite made); quiet when it is gone. */
export async function deleteImage(id: string): Promise<void> {
  const { token, catalog } = await keystoneToken("admin");
  const glance = catalog.find((s) => s.type === "image")!.endpoints.find((e) => e.interface === "public")!.url.replace(/\/+$/, "");
  const response = await fetch(`${glance}/v2/images/${id}`, { method: "DELETE", headers: { "X-Auth-Token": token } });
  if (!response.ok && response.status !== 404) throw new Error(`Glance DELETE ${id}: ${response.status} ${await response.text()}`);
}

/** Glance images by name (the seeded cirros, snapshots). */
export async function glanceImages(): Promise<{ id: string; name: string; status: string }[]> {
  const { token, catalog } = await keystoneToken("admin");
  const glance = catalog.find((s) => s.type === "image")!.endpoints.find((e) => e.interface === "public")!.url.replace(/\/+$/, "");
  const response = await fetch(`${glance}/v2/images?limit=1000`, { headers: { "X-Auth-Token": token } });
  return ((await response.json()) as { images: { id: string; name: string; status: string }[] }).images;
}

/**
 * Runs a command line and returns its output with request ids normalised (and whatever `more`
 * normalises), and the compute requests it made through the proxy ("GET /servers/x 200").
 */
export async function tracedRun(proxy: Proxy, run: () => Promise<CliResult>, more: (text: string) => string = (t) => t): Promise<CliResult & { requests: string[] }> {
  const before = proxy.requests.length;
  const result = await run();
  const requests = proxy.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`);
  const normal = (text: string) => more(text.replace(/req-[0-9a-f-]{36}/g, "req-X"));
  return { ...result, stdout: normal(result.stdout), stderr: normal(result.stderr), requests };
}

/** Runs one command line with python-novaclient, then ours, and requires the same output, status and requests. */
export async function expectSameAsPython(proxy: Proxy, args: string[], more?: (text: string) => string): Promise<void> {
  const python = await tracedRun(proxy, () => pythonNova(proxy, args), more);
  const ours = await tracedRun(proxy, () => nova(proxy, args), more);
  expect(ours.stdout).toBe(python.stdout);
  expect(ours.stderr).toBe(python.stderr);
  expect(ours.code).toBe(python.code);
  expect(ours.requests).toEqual(python.requests);
}
