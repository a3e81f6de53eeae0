import { createHash } from "node:crypto";

/** Where --debug lines go. */
export type LogSink = (line: string) => void;

const CANONICAL: Record<string, string> = {
  "openstack-api-version": "OpenStack-API-Version",
  "x-openstack-nova-api-version": "X-OpenStack-Nova-API-Version",
  "x-auth-token": "X-Auth-Token",
  "x-subject-token": "X-Subject-Token",
  "x-openstack-request-id": "X-OpenStack-Request-ID",
  "x-compute-request-id": "X-Compute-Request-Id",
};
const SECRET_HEADERS = new Set(["x-auth-token", "x-subject-token", "authorization"]);

const headerName = (name: string) => CANONICAL[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/** keystoneauth's way of logging a token: a hash that tells tokens apart without revealing them. */
const hashed = (value: string) => `{SHA256}${createHash("sha256").update(value).digest("hex")}`;

const redactHeader = (name: string, value: string) => (SECRET_HEADERS.has(name) ? hashed(value) : value);

/**
 * Masks secrets in a JSON (or any) body before it is logged: passwords as "***", tokens (a
 * "token" string, or the id of a "token" object, as --os-token's exchange sends it) hashed.
 */
export function redactBody(body: string): string {
  return body
    .replace(/("(?:password|secret|adminPass|admin_pass)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"***"')
    .replace(/("token"\s*:\s*(?:\{[^{}]*?"id"\s*:\s*)?)("(?:[^"\\]|\\.)*")/g, (_, head: string, quoted: string) => `${head}"${hashed(JSON.parse(quoted) as string)}"`);
}

const sortedHeaders = (headers: Headers) => [...headers.entries()].sort(([a], [b]) => a.localeCompare(b));

/** Logs requests as curl command lines and responses as status, headers and body, secrets redacted. */
export class HttpLog {
  constructor(private readonly sink: LogSink) {}

  request(request: Request, body?: string): void {
    const parts = ["REQ: curl -g -i", `-X ${request.method}`, request.url];
    for (const [name, value] of sortedHeaders(request.headers)) parts.push(`-H "${headerName(name)}: ${redactHeader(name, value)}"`);
    if (body) parts.push(`-d '${redactBody(body)}'`);
    this.sink(parts.join(" "));
  }

  response(response: Response, body: string): void {
    const headers = sortedHeaders(response.headers).map(([n, v]) => `${headerName(n)}: ${redactHeader(n, v)}`);
    this.sink(`RESP: [${response.status}] ${headers.join(" ")}`);
    if (body) this.sink(`RESP BODY: ${redactBody(body)}`);
  }
}
