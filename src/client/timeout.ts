import { timeoutMs } from "../core/timeout.js";

/**
 * fetch with a total time limit per request (keystoneauth's session timeout), for Keystone,
 * Compute and Glance alike. It joins the caller's own signal rather than replacing the request,
 * so the common path keeps its plain URL-and-init fetch (transport.ts).
 */
export function withTimeout(fetchFn: typeof fetch, seconds: number): typeof fetch {
  const ms = timeoutMs(seconds);
  return ((input: string | URL | Request, init?: RequestInit) => {
    const own = AbortSignal.timeout(ms);
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return fetchFn(input, { ...init, signal: given ? AbortSignal.any([given, own]) : own });
  }) as typeof fetch;
}
