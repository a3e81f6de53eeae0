import type { Middleware } from "openapi-fetch";

/**
 * Puts the Keystone token on every request; `token` answers at once while the token is fresh,
 * so the common path does not wait. A 401 may mean the token was revoked or expired early:
 * `renew` gets a new one and the request is sent once more (a second 401 stands).
 */
export function authMiddleware(token: () => string | Promise<string>, renew?: (refused: string) => Promise<boolean>): Middleware {
  if (!renew) {
    return {
      onRequest({ request }) {
        const now = token();
        if (typeof now === "string") request.headers.set("X-Auth-Token", now);
        else return now.then((t) => void request.headers.set("X-Auth-Token", t));
      },
    };
  }
  // Keyed by the per-request options object openapi-fetch makes, so a copy lives only as long
  // as its request, however that request ends (a network failure, a later middleware's throw).
  const copies = new WeakMap<object, Request>();
  return {
    async onRequest({ request, options }) {
      request.headers.set("X-Auth-Token", await token());
      copies.set(options, request.clone());
      return request;
    },
    async onResponse({ response, options }) {
      const copy = copies.get(options);
      if (response.status !== 401 || !copy || !(await renew(copy.headers.get("X-Auth-Token") ?? ""))) return response;
      copy.headers.set("X-Auth-Token", await token());
      return options.fetch(copy);
    },
  };
}
