import type { Middleware } from "openapi-fetch";
import { NovaClientError } from "../../core/errors.js";

/**
 * Turns transport failures (refused, reset, timed out) into one clear error naming the URL.
 * A caller who aborted gets their AbortError back.
 */
export function errorsMiddleware(timeoutSeconds?: number): Middleware {
  return {
    onError({ error, request }) {
      const err = error as Error & { cause?: { code?: string; message?: string } };
      if (err.name === "TimeoutError" || err.cause?.code === "UND_ERR_HEADERS_TIMEOUT") {
        return new NovaClientError("ConnectTimeout", `Request to ${request.url} timed out${timeoutSeconds ? ` after ${timeoutSeconds} s` : ""}`, { cause: error });
      }
      if (err instanceof NovaClientError || err.name === "AbortError") return err;
      const reason = err.cause?.message ?? err.message;
      return new NovaClientError("ConnectFailure", `Unable to establish connection to ${request.url}: ${reason}`, { cause: error });
    },
  };
}
