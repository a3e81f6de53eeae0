import type { Middleware } from "openapi-fetch";
import type { HttpLog } from "../http-log.js";

/** --debug: each request as a curl line and each response with its body, secrets redacted. */
export function debugMiddleware(log: HttpLog): Middleware {
  return {
    async onRequest({ request }) {
      await log.request(request, request.body ? await request.clone().text() : undefined);
      return request;
    },
    async onResponse({ response }) {
      await log.response(response, await response.clone().text());
      return response;
    },
  };
}
