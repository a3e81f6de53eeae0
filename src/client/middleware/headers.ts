import type { Middleware } from "openapi-fetch";
import { requestIdOf } from "../../core/errors.js";

/** What the middleware stack records about the traffic, for callers and --timings. */
export interface TrafficRecord {
  lastRequestId?: string;
  /** Each request's duration, kept only when the client was created with `timings: true`. */
  timings: { method: string; url: string; seconds: number }[];
}

/** User-Agent, Accept, an optional global request id; the reply's request id (and timing). */
export function headersMiddleware(userAgent: string, record: TrafficRecord, options: { globalRequestId?: string; timings?: boolean }): Middleware {
  const started = new Map<string, number>();
  return {
    onRequest({ request, id }) {
      request.headers.set("User-Agent", userAgent);
      if (!request.headers.has("Accept")) request.headers.set("Accept", "application/json");
      if (options.globalRequestId) request.headers.set("X-OpenStack-Request-ID", options.globalRequestId);
      if (options.timings) started.set(id, performance.now());
      return request;
    },
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
