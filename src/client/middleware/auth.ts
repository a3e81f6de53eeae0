import type { Middleware } from "openapi-fetch";

/** Puts the Keystone token on every request; the session renews it when it is about to expire. */
export function authMiddleware(token: () => Promise<string>): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set("X-Auth-Token", await token());
      return request;
    },
  };
}
