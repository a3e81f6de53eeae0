import { NovaClientError } from "../core/errors.js";

/** keystoneauth's limit on redirects followed for one request. */
const MAX_REDIRECTS = 30;
/** Headers that carry a credential; they never go to an origin other than the one asked. */
const SECRET_HEADERS = ["x-auth-token", "x-subject-token", "authorization", "cookie"];

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/**
 * fetch that follows redirects itself, because fetch's own following keeps custom headers: a
 * 302 to another host would take the X-Auth-Token with it. A redirect within the origin is
 * followed as fetch would; one to another origin loses the credential headers, and one that
 * would carry a body there (307/308 of a POST: a password, say) is not followed at all (the
 * redirect reply is returned and becomes an error).
 */
export function guardRedirects(fetchFn: typeof fetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    // A Request's body can be read once; keep a copy in case a redirect asks to send it again.
    const spare = input instanceof Request && input.body ? input.clone() : undefined;
    let response = await fetchFn(input, { ...init, redirect: "manual" });
    if (!isRedirect(response.status) || !response.headers.has("location")) return response;

    const original = new URL(input instanceof Request ? input.url : String(input));
    let url = original;
    let method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    let body: RequestInit["body"] = init?.body ?? (spare ? await spare.arrayBuffer() : undefined);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    for (let hop = 1; isRedirect(response.status) && response.headers.has("location"); hop++) {
      if (hop > MAX_REDIRECTS) throw new NovaClientError("ConnectFailure", `Too many redirects (more than ${MAX_REDIRECTS}) from ${original.href}`);
      const next = new URL(response.headers.get("location")!, url);
      // As fetch does: 303, and 301/302 of a POST, become a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        if (method !== "HEAD") method = "GET";
        body = undefined;
        headers.delete("content-type");
      }
      if (next.origin !== original.origin) {
        if (body != null) return response;
        for (const name of SECRET_HEADERS) headers.delete(name);
      }
      await response.body?.cancel();
      url = next;
      response = await fetchFn(url, { method, headers, body, signal, redirect: "manual" });
    }
    return response;
  }) as typeof fetch;
}
