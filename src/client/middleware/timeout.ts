import type { Middleware } from "openapi-fetch";

/** --timeout: aborts a request that has had no complete answer after `seconds`. */
export function timeoutMiddleware(seconds: number): Middleware {
  return {
    onRequest({ request }) {
      return new Request(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(seconds * 1000)]) });
    },
  };
}
