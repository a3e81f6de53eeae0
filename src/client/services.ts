import createClient from "openapi-fetch";
import type { HttpLog, LogSink } from "./http-log.js";
import { debugMiddleware } from "./middleware/debug.js";
import { errorsMiddleware } from "./middleware/errors.js";
import { type RetryPolicy, retriesMiddleware } from "./middleware/retries.js";
import { directTransport } from "./transport.js";

/** A reply of Keystone, Glance or Neutron: the body unread when it succeeded, else parsed (JSON, or its text). */
export interface ServiceReply {
  response: Response;
  error?: unknown;
}

/** Sends one request to Keystone, Glance or Neutron: its method, URL, headers and text body. */
export type ServiceSend = (request: { method: string; url: string; headers: Record<string, string>; body?: string }) => Promise<ServiceReply>;

/**
 * The requests Nova's client makes to other services go through the same small core and the
 * same cross-cutting middleware as Nova's own: transport errors in one line, retries when
 * asked, --debug. Nova's auth and microversion steps are not theirs (a token is a header).
 */
export function serviceTransport(fetchFn: typeof fetch, options: { retries?: RetryPolicy; log?: HttpLog; debug?: LogSink } = {}): ServiceSend {
  const client = createClient({ baseUrl: "", ...directTransport(fetchFn) });
  client.use(errorsMiddleware());
  if (options.retries?.connect || options.retries?.status) client.use(retriesMiddleware(options.retries, options.debug));
  if (options.log) client.use(debugMiddleware(options.log));
  const send = client.request as unknown as (method: string, url: string, init: object) => Promise<ServiceReply>;
  // "stream": a success's body is left for the caller, who says what is wrong with it if anything.
  return ({ method, url, headers, body }) => send(method.toLowerCase(), url, { headers, body, bodySerializer: (b: string) => b, parseAs: "stream" });
}
