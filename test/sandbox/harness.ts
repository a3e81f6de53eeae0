import { afterAll, beforeAll, expect } from "vitest";
import { parseVersion } from "../../src/core/version.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { type SpecValidator, loadValidator } from "../../src/spec/validator.js";

export interface Called {
  status: number;
  headers: Headers;
  json: Record<string, any> | undefined;
}

/**
 * Starts a sandbox for the file's tests, with tokens for admin and demo. `call` sends one request
 * and checks its reply body against the spec (operation `op`, the reply's status, the request's
 * microversion), so every reply a test sees is a valid one.
 */
export function useSandbox(maxVersion = "2.104") {
  const ctx = { cloud: undefined as unknown as Sandbox, validator: undefined as unknown as SpecValidator, tokens: {} as Record<string, string> };
  beforeAll(async () => {
    ctx.cloud = await startSandbox({ maxVersion });
    ctx.validator = await loadValidator();
    for (const user of ["admin", "demo"]) {
      const r = await fetch(`${ctx.cloud.authUrl}/auth/tokens`, {
        method: "POST",
        body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: user, domain: { id: "default" }, password: "secret" } } }, scope: { project: { name: user, domain: { id: "default" } } } } }),
      });
      ctx.tokens[user] = r.headers.get("x-subject-token")!;
    }
  });
  afterAll(() => ctx.cloud.close());

  async function call(op: string, method: string, path: string, { body, version = "2.1", user = "admin" }: { body?: unknown; version?: string; user?: string } = {}): Promise<Called> {
    const headers: Record<string, string> = { "X-Auth-Token": ctx.tokens[user]!, "Content-Type": "application/json", "OpenStack-API-Version": `compute ${version}` };
    const r = await fetch(`${ctx.cloud.computeUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    const json = text ? (JSON.parse(text) as Record<string, any>) : undefined;
    const problems = ctx.validator.validate(op, { status: r.status }, parseVersion(version), json);
    expect(problems, `${method} ${path} at ${version} -> ${r.status} ${text}`).toEqual([]);
    return { status: r.status, headers: r.headers, json };
  }

  /** A server made through the API (networks "auto"), its id. */
  async function server(name: string, { user = "admin", version = "2.93", extra = {} as Record<string, unknown>, outer = {} as Record<string, unknown> } = {}): Promise<string> {
    const r = await call("createServer", "POST", "/servers", { user, version, body: { server: { name, flavorRef: "1", imageRef: "70a599e0-31e7-49b7-b260-868f441e862b", networks: "auto", ...extra }, ...outer } });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    return r.json!.server.id as string;
  }

  return { ctx, call, server };
}

export const IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b";
