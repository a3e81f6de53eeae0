/**
 * The Request class and fetch openapi-fetch is given. openapi-fetch builds a Request and hands
 * it to fetch, and undici's fetch(request) copies it, tying the copy's abort signal to the
 * original's with a listener, a WeakRef and a FinalizationRegistry entry (nodejs/undici#1113,
 * #4984): about 6% of the client's CPU per loopback GET. So a request openapi-fetch built is
 * sent from its URL and init (the caller's signal, if any, goes with it) and its headers as
 * middleware left them. A request with a body that is not text, or one a middleware replaced,
 * goes as it is.
 */
export function directTransport(fetchFn: typeof fetch): { Request: typeof Request; fetch: (request: Request, ext?: RequestInit) => Promise<Response> } {
  const inits = new WeakMap<Request, RequestInit>();
  // A factory, not a subclass, so that every real Request still passes openapi-fetch's
  // `instanceof Request` check on what middleware returns.
  function DirectRequest(input: string | URL | Request, init?: RequestInit): Request {
    const request = new Request(input, init);
    if (init && (init.body == null || typeof init.body === "string")) inits.set(request, init);
    return request;
  }
  DirectRequest.prototype = Request.prototype;
  return {
    Request: DirectRequest as unknown as typeof Request,
    fetch: (request, ext) => {
      const init = inits.get(request);
      return init ? fetchFn(request.url, { ...init, ...ext, method: request.method, headers: request.headers }) : fetchFn(request, ext);
    },
  };
}
