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

/**
 * keystoneauth's way of logging a token: a hash that tells tokens apart without revealing them.
 * WebCrypto, not node:crypto, so that the core runs in browsers, Deno and Bun as well.
 */
async function hashed(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
  return `{SHA256}${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const redactHeader = async (name: string, value: string) => (SECRET_HEADERS.has(name) ? hashed(value) : value);

const TOKEN_IN_BODY = /("token"\s*:\s*(?:\{[^{}]*?"id"\s*:\s*)?)("(?:[^"\\]|\\.)*")/g;

/**
 * Masks secrets in a JSON (or any) body before it is logged: passwords as "***", tokens (a
 * "token" string, or the id of a "token" object, as --os-token's exchange sends it) hashed.
 */
export async function redactBody(body: string): Promise<string> {
  const masked = body.replace(/("(?:password|secret|adminPass|admin_pass)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"***"');
  const hashes = await Promise.all([...masked.matchAll(TOKEN_IN_BODY)].map((m) => hashed(JSON.parse(m[2]!) as string)));
  let i = 0;
  return masked.replace(TOKEN_IN_BODY, (_, head: string) => `${head}"${hashes[i++]}"`);
}

const sortedHeaders = (headers: Headers) => [...headers.entries()].sort(([a], [b]) => a.localeCompare(b));

/** Logs requests as curl command lines and responses as status, headers and body, secrets redacted. */
export class HttpLog {
  constructor(private readonly sink: LogSink) {}

  async request(request: Request, body?: string): Promise<void> {
    const parts = ["REQ: curl -g -i", `-X ${request.method}`, request.url];
    for (const [name, value] of sortedHeaders(request.headers)) parts.push(`-H "${headerName(name)}: ${await redactHeader(name, value)}"`);
    if (body) parts.push(`-d '${await redactBody(body)}'`);
    this.sink(parts.join(" "));
  }

  async response(response: Response, body: string): Promise<void> {
    const headers = await Promise.all(sortedHeaders(response.headers).map(async ([n, v]) => `${headerName(n)}: ${await redactHeader(n, v)}`));
    this.sink(`RESP: [${response.status}] ${headers.join(" ")}`);
    if (body) this.sink(`RESP BODY: ${await redactBody(body)}`);
  }
}
