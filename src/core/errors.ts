/** python-novaclient's exception class and default message per HTTP status. */
const FAULT_KINDS = {
  300: ["MultipleChoices", "Multiple Choices"],
  400: ["BadRequest", "Bad request"],
  401: ["Unauthorized", "Unauthorized"],
  403: ["Forbidden", "Forbidden"],
  404: ["NotFound", "Not found"],
  405: ["MethodNotAllowed", "Method Not Allowed"],
  406: ["NotAcceptable", "Not Acceptable"],
  409: ["Conflict", "Conflict"],
  413: ["OverLimit", "Over limit"],
  429: ["RateLimit", "Rate limit"],
  501: ["HTTPNotImplemented", "Not Implemented"],
} as const satisfies Record<number, readonly [string, string]>;
type FaultKind = (typeof FAULT_KINDS)[keyof typeof FAULT_KINDS][0] | "ClientException";
const kindOf = (status: number): readonly [FaultKind, string] => FAULT_KINDS[status as keyof typeof FAULT_KINDS] ?? ["ClientException", "Unknown Error"];

/**
 * Every `kind` an error of nova-ts has, named as python-novaclient (or the Python behind it)
 * names the exception, so that code can switch on it.
 */
export type NovaErrorKind =
  | FaultKind
  | "ArgumentTypeError"
  | "AuthorizationFailure"
  | "CommandError"
  | "ConnectFailure"
  | "ConnectTimeout"
  | "EOFError"
  | "EndpointNotFound"
  | "InstanceInDeletedState"
  | "KeyError"
  | "NoUniqueMatch"
  | "ReadTimeout"
  | "ResourceInErrorState"
  | "ResourceNotFound"
  | "ServerError"
  | "SpecMismatch"
  | "Timeout"
  | "UnsupportedAttribute"
  | "UnsupportedConsoleType"
  | "UnsupportedVersion"
  | "ValueError";

/** Base class of every error nova-ts raises on purpose; `kind` names it like novaclient does. */
export class NovaClientError extends Error {
  constructor(
    readonly kind: NovaErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = kind;
  }
}

/** An error reply from the cloud: Nova's fault body, or whatever the server said instead. */
export class NovaApiError extends NovaClientError {
  constructor(
    readonly status: number,
    message: string,
    /** Nova's fault name (itemNotFound, badRequest, ...), when the body had one. */
    readonly fault: string | undefined,
    readonly requestId: string | undefined,
    readonly method: string,
    readonly url: string,
  ) {
    super(kindOf(status)[0], message);
  }

  /** novaclient's one-line form: "<message> (HTTP 404) (Request-ID: req-...)". */
  override toString(): string {
    return `${this.message} (HTTP ${this.status})${this.requestId ? ` (Request-ID: ${this.requestId})` : ""}`;
  }
}

/**
 * A reply that is not what the API promises (not JSON, cut short, empty, of the wrong shape):
 * python-novaclient's ClientException, with what was asked and what came back.
 */
export class MalformedReplyError extends NovaClientError {
  constructor(
    /** The operation (or request) whose reply it was, e.g. "listFlavorsDetail (GET /flavors/detail)". */
    readonly operation: string,
    readonly status: number,
    readonly contentType: string,
    readonly requestId: string | undefined,
    /** What was wrong: "is not JSON", "is truncated", "`flavors` is missing". */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super("ClientException", `The reply to ${operation} ${problem} (HTTP ${status}, ${contentType || "no content type"}${requestId ? `, Request-ID: ${requestId}` : ""}).`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A fault's message as text, even when a server sent an object or a number. */
const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value) ?? String(value));

/** Messages are printed on one line: drop markup and fold whitespace. */
const oneLine = (text: string) => text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();

/**
 * A look-up by name or id that found nothing: python-novaclient's CommandError (so the CLI prints
 * what it prints), and a not-found to isNotFound, like the 404 it stands for.
 */
export class NoMatchError extends NovaClientError {
  constructor(
    /** What was looked for: "server", "flavor", "image", "network"... */
    readonly resource: string,
    readonly nameOrId: string,
    message = `No ${resource} with a name or ID of '${nameOrId}' exists.`,
  ) {
    super("CommandError", message);
  }
}

/**
 * A look-up by name that matched several records: python-novaclient's NoUniqueMatch, with its
 * message ("Multiple server matches found for 'x', use an ID to be more specific."). Not a
 * not-found: the name exists, it only needs an id to tell the records apart.
 */
export class AmbiguousMatchError extends NovaClientError {
  constructor(
    /** What was looked for: "server", "flavor", "image", "network"... */
    readonly resource: string,
    readonly nameOrId: string,
  ) {
    super("NoUniqueMatch", `Multiple ${resource} matches found for '${nameOrId}', use an ID to be more specific.`);
  }
}

/** A 404 from the cloud, or a look-up (servers.find, find, glance.find...) that found nothing. */
export const isNotFound = (err: unknown): err is NovaApiError | NoMatchError => (err instanceof NovaApiError && err.status === 404) || err instanceof NoMatchError;

export function requestIdOf(headers: Headers): string | undefined {
  return headers.get("x-openstack-request-id") ?? headers.get("x-compute-request-id") ?? undefined;
}

/**
 * Builds the error for a failed response from its parsed body: Nova's {"<fault>": {"message"}}
 * (or Keystone's {"error": {...}}), else a plain reason, since proxies answer with HTML or nothing.
 */
export function errorFromBody(response: Response, method: string, body: unknown): NovaApiError {
  let message: string | undefined;
  let fault: string | undefined;
  // webob's own error document ({"message", "code": "404 Not Found", "title"}) comes from the
  // web framework, not from Nova: for a 404 it means the route does not exist on this cloud.
  const framework = body && typeof body === "object" && typeof (body as { code?: unknown }).code === "string" && "title" in body;
  if (body && typeof body === "object" && !(framework && response.status === 404)) {
    const [name, value] = Object.entries(body)[0] ?? [];
    if (name && value && typeof value === "object" && "message" in value) {
      fault = name;
      message = oneLine(asText((value as { message: unknown }).message));
    } else if (typeof (body as { message?: unknown }).message === "string") {
      message = oneLine((body as { message: string }).message);
    }
  }
  if (message === undefined) {
    const text = typeof body === "string" ? body.trim() : "";
    const path = response.url ? new URL(response.url).pathname : "";
    message =
      response.status === 404 && path
        ? `${method} ${path} is not offered by this cloud (the server answered 404 Not Found${framework ? " from its web framework, not Nova" : text ? " with a non-JSON page" : ""}).`
        : kindOf(response.status)[1];
  }
  return new NovaApiError(response.status, message, fault, requestIdOf(response.headers), method, response.url);
}
