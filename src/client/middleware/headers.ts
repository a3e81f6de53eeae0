import type { Middleware } from "openapi-fetch";
import { requestIdOf } from "../errors.js";

/** What the middleware stack records about the traffic, for callers and --timings. */
export interface TrafficRecord {
  lastRequestId?: string;
  timings: { method: string; url: string; seconds: number }[];
}

/** User-Agent, an optional global request id, and the reply's request id and timing. */
export function headersMiddleware(userAgent: string, record: TrafficRecord, globalRequestId?: string): Middleware {
  const started = new Map<string, number>();
  return {
    onRequest({ request, id }) {
      request.headers.set("User-Agent", userAgent);
      if (!request.headers.has("Accept")) request.headers.set("Accept", "application/json");
      if (globalRequestId) request.headers.set("X-OpenStack-Request-ID", globalRequestId);
      started.set(id, performance.now());
      return request;
    },
    onResponse({ request, response, id }) {
      record.lastRequestId = requestIdOf(response.headers) ?? record.lastRequestId;
      const t0 = started.get(id);
      started.delete(id);
      if (t0 !== undefined) record.timings.push({ method: request.method, url: request.url, seconds: (performance.now() - t0) / 1000 });
      return response;
    },
  };
}
