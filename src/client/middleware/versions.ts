import type { Middleware } from "openapi-fetch";
import { type OperationId, type OperationSpec, operations } from "../../../generated/operations.js";
import { NovaClientError } from "../../core/errors.js";
import { type ApiVersion, formatVersion, inRange } from "../../core/version.js";

type Entry = [OperationId, OperationSpec];
// By method, then path template: looked up on every request, so without building a key string.
const byRoute = new Map<string, Map<string, Entry[]>>();
for (const entry of Object.entries(operations) as Entry[]) {
  const method = entry[1].method.toUpperCase();
  const paths = byRoute.get(method) ?? byRoute.set(method, new Map()).get(method)!;
  paths.set(entry[1].path, [...(paths.get(entry[1].path) ?? []), entry]);
}

/** The spec's operation for a request: by method and path template, and by body key for actions. */
export function operationFor(method: string, schemaPath: string, body?: unknown): Entry | undefined {
  const candidates = byRoute.get(method.toUpperCase())?.get(schemaPath) ?? [];
  const key = body && typeof body === "object" ? Object.keys(body)[0] : undefined;
  return candidates.find(([, op]) => op.action !== undefined && op.action === key) ?? candidates.find(([, op]) => op.action === undefined);
}

/** The action key of a request to an action endpoint (read from a copy of its body). */
export async function actionBody(request: Request, schemaPath: string): Promise<unknown> {
  return request.body && request.method === "POST" && schemaPath.endsWith("/action") ? request.clone().json().catch(() => undefined) : undefined;
}

/** Refuses, before sending, an operation the negotiated microversion does not have. */
export function assertServed(op: OperationSpec, version: ApiVersion, label: string): void {
  if (inRange(version, op.min, op.max)) return;
  const range = op.max ? `${op.min} to ${op.max}` : `${op.min} or later`;
  throw new NovaClientError(
    "UnsupportedVersion",
    `${label} needs compute API microversion ${range}, but this session uses ${formatVersion(version)}.`,
  );
}

/** The negotiated microversion in both header spellings, sent with every request after discovery. */
export function versionHeaders(version: ApiVersion): Record<string, string> {
  const v = formatVersion(version);
  return { "OpenStack-API-Version": `compute ${v}`, "X-OpenStack-Nova-API-Version": v };
}

/**
 * Refuses, before sending, an operation (or action) the negotiated microversion does not have.
 * Synchronous unless an action's body must be read: this runs on every request.
 */
export function versionMiddleware(current: () => ApiVersion | undefined): Middleware {
  const check = (version: ApiVersion, request: Request, schemaPath: string, body?: unknown) => {
    const [, op] = operationFor(request.method, schemaPath, body) ?? [];
    if (op) assertServed(op, version, op.action ? `Action ${op.action} (${request.method} ${schemaPath})` : `${request.method} ${schemaPath}`);
  };
  return {
    onRequest({ request, schemaPath }) {
      const version = current();
      if (!version) return;
      if (!schemaPath.endsWith("/action")) return check(version, request, schemaPath);
      return actionBody(request, schemaPath).then((body) => check(version, request, schemaPath, body));
    },
  };
}
