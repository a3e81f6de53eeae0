import type { Middleware } from "openapi-fetch";

/**
 * Puts the Keystone token on every request; `token` answers at once while the token is fresh,
 * so the common path does not wait. With a token store, a 401 may mean the stored token was
 * revoked: `renew` fetches a new one and the request is sent once more.
 */
export function authMiddleware(token: () => string | Promise<string>, renew?: () => Promise<boolean>): Middleware {
  if (!renew) {
    return {
      onRequest({ request }) {
        const now = token();
        if (typeof now === "string") request.headers.set("X-Auth-Token", now);
        else return now.then((t) => void request.headers.set("X-Auth-Token", t));
      },
    };
  }
  const copies = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      request.headers.set("X-Auth-Token", await token());
      copies.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const copy = copies.get(id);
      copies.delete(id);
      if (response.status !== 401 || !copy || !(await renew())) return response;
      copy.headers.set("X-Auth-Token", await token());
      return options.fetch(copy);
    },
  };
}
