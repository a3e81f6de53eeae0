import type { Middleware } from "openapi-fetch";
import { requestIdOf } from "../../core/errors.js";

/** What the middleware stack records about the traffic, for callers and --timings. */
export interface TrafficRecord {
  lastRequestId?: string;
  /** Each request's duration, kept only when the client was created with `timings: true`. */
  timings: { method: string; url: string; seconds: number }[];
}

/** The headers every request carries (the client's base headers; set once, not per request). */
export function baseHeaders(userAgent: string, globalRequestId?: string): Record<string, string> {
  return { "User-Agent": userAgent, Accept: "application/json", ...(globalRequestId ? { "X-OpenStack-Request-ID": globalRequestId } : {}) };
}

/** Records each reply's request id (and, with `timings`, each request's duration). */
export function trafficMiddleware(record: TrafficRecord, options: { timings?: boolean }): Middleware {
  const started = new Map<string, number>();
  return {
    ...(options.timings ? { onRequest: ({ id }) => void started.set(id, performance.now()) } : {}),
    onResponse({ request, response, id }) {
      record.lastRequestId = requestIdOf(response.headers) ?? record.lastRequestId;
      const t0 = started.get(id);
      if (t0 !== undefined) {
        started.delete(id);
        record.timings.push({ method: request.method, url: request.url, seconds: (performance.now() - t0) / 1000 });
      }
      return response;
    },
  };
}
