import type { Middleware } from "openapi-fetch";

/** Each request's duration, for --timings (kept only when the client was created with `timings: true`). */
export interface TrafficRecord {
  timings: { method: string; url: string; seconds: number }[];
  /** The last successful reply's body, so that a failure to use it can be explained against the spec. */
  last?: { operation: string; status: number; contentType: string; requestId?: string; body: unknown };
}

/** --timings: records how long each request took. Installed only when asked for. */
export function timingsMiddleware(record: TrafficRecord): Middleware {
  const started = new Map<string, number>();
  return {
    onRequest({ id }) {
      started.set(id, performance.now());
    },
    onResponse({ request, id }) {
      const t0 = started.get(id);
      if (t0 === undefined) return;
      started.delete(id);
      record.timings.push({ method: request.method, url: request.url, seconds: (performance.now() - t0) / 1000 });
    },
  };
}
