import type { Middleware } from "openapi-fetch";
import type { SpecValidator } from "../../spec/validator.js";
import { NovaClientError } from "../../core/errors.js";
import { type ApiVersion, formatVersion } from "../../core/version.js";
import { actionBody, operationFor } from "./versions.js";

/** A reply that does not match the spec: which operation, at which microversion, which field. */
export interface SpecMismatch {
  operation: string;
  microversion: string;
  status: number;
  problems: { field: string; message: string }[];
}

/**
 * Checks every JSON reply against the spec at the session's microversion (for test suites
 * against real clouds). By default a mismatch throws; pass a function to collect them instead.
 */
export function validateMiddleware(validator: SpecValidator, current: () => ApiVersion | undefined, report?: (m: SpecMismatch) => void): Middleware {
  const pending = new Map<string, string>();
  return {
    async onRequest({ request, schemaPath, id }) {
      const entry = operationFor(request.method, schemaPath, await actionBody(request, schemaPath));
      // A removed API's 410 has no reply in the spec to check.
      if (entry && !entry[1].removed) pending.set(id, entry[0]);
      return request;
    },
    async onResponse({ response, id }) {
      const operation = pending.get(id);
      pending.delete(id);
      const version = current();
      const type = response.headers.get("content-type") ?? "";
      if (!operation || !version || !type.includes("json")) return response;
      const text = await response.clone().text();
      if (!text) return response;
      const problems = validator.validate(operation, { status: response.status }, version, JSON.parse(text));
      if (problems.length === 0) return response;
      const mismatch = { operation, microversion: formatVersion(version), status: response.status, problems };
      if (report) {
        report(mismatch);
        return response;
      }
      const detail = problems.map((p) => `${p.field} ${p.message}`).join("; ");
      throw new NovaClientError("SpecMismatch", `${operation} at microversion ${mismatch.microversion} (HTTP ${response.status}): ${detail}`);
    },
  };
}
