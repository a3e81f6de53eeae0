import type { Middleware } from "openapi-fetch";
import type { LogSink } from "../http-log.js";

/** How many times to try again, as keystoneauth's connect_retries and status_code_retries. */
export interface RetryPolicy {
  /** After a connection that failed (refused, reset, timed out before a reply). */
  connect?: number;
  /** After 502, 503 or 504 to an idempotent request, or 429 with Retry-After to any. */
  status?: number;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const RETRY_STATUSES = new Set([502, 503, 504]);
/** keystoneauth's backoff: 0.5 s, doubling, at most 60 s. */
const FIRST_DELAY = 0.5;
const MAX_DELAY = 60;

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Exponential backoff with jitter (half to all of the step), so clients do not retry in step. */
const backoff = (attempt: number) => Math.min(MAX_DELAY, FIRST_DELAY * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfter(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.min(MAX_DELAY, Math.max(0, seconds)) : undefined;
}

/** Whether a failed fetch certainly sent nothing (so even a POST may go again). */
const neverSent = (error: unknown) => {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "UND_ERR_CONNECT_TIMEOUT";
};

/**
 * Retries as keystoneauth does, only where it is safe: a connection failure of an idempotent
 * request, or of any request that never left (refused); 502/503/504 of an idempotent request;
 * 429 with Retry-After. Each retry waits (Retry-After, else exponential backoff with jitter)
 * and is logged with --debug. Installed only when a policy asks for retries.
 */
export function retriesMiddleware(policy: RetryPolicy, log?: LogSink): Middleware {
  const copies = new WeakMap<object, Request>();
  const note = (request: Request, seconds: number, attempt: number, of: number, why: string) =>
    log?.(`Retrying ${request.method} ${request.url} in ${seconds.toFixed(2)} s (retry ${attempt} of ${of}): ${why}`);
  return {
    onRequest({ request, options }) {
      copies.set(options, request.clone());
      return request;
    },
    async onError({ error, options }) {
      const copy = copies.get(options);
      const retries = policy.connect ?? 0;
      if ((error as Error).name === "AbortError") return error as Error;
      if (!copy || !(IDEMPOTENT.has(copy.method) || neverSent(error))) return error instanceof Error ? error : undefined;
      let last = error;
      for (let attempt = 1; attempt <= retries; attempt++) {
        const wait = backoff(attempt);
        note(copy, wait, attempt, retries, (last as { cause?: { message?: string } }).cause?.message ?? (last as Error).message);
        await sleep(wait);
        try {
          return await options.fetch(copy.clone());
        } catch (err) {
          last = err;
          if (!(IDEMPOTENT.has(copy.method) || neverSent(err))) break;
        }
      }
      return last instanceof Error ? last : undefined;
    },
    async onResponse({ response, options }) {
      const copy = copies.get(options);
      const retries = policy.status ?? 0;
      let current = response;
      for (let attempt = 1; copy && attempt <= retries; attempt++) {
        const after = retryAfter(current);
        const retryable = (RETRY_STATUSES.has(current.status) && IDEMPOTENT.has(copy.method)) || (current.status === 429 && after !== undefined);
        if (!retryable) break;
        const wait = after ?? backoff(attempt);
        note(copy, wait, attempt, retries, `HTTP ${current.status}`);
        await current.body?.cancel();
        await sleep(wait);
        current = await options.fetch(copy.clone());
      }
      return current;
    },
  };
}
