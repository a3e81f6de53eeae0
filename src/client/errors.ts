/** Base class of every error nova-ts raises on purpose; `kind` names it like novaclient does. */
export class NovaClientError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = kind;
  }
}

const FAULT_KINDS: Record<number, string> = {
  300: "MultipleChoices",
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  409: "Conflict",
  413: "OverLimit",
  429: "RateLimit",
  500: "ClientException",
  501: "HTTPNotImplemented",
};

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
    super(FAULT_KINDS[status] ?? "ClientException", message);
  }

  /** novaclient's one-line form: "<message> (HTTP 404) (Request-ID: req-...)". */
  override toString(): string {
    return `${this.message} (HTTP ${this.status})${this.requestId ? ` (Request-ID: ${this.requestId})` : ""}`;
  }
}

export const isNotFound = (err: unknown): err is NovaApiError => err instanceof NovaApiError && err.status === 404;

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
  if (body && typeof body === "object") {
    const [name, value] = Object.entries(body)[0] ?? [];
    if (name && value && typeof value === "object" && "message" in value) {
      fault = name;
      message = String((value as { message: unknown }).message);
    } else if (typeof (body as { message?: unknown }).message === "string") {
      message = (body as { message: string }).message;
    }
  }
  if (message === undefined) {
    const text = typeof body === "string" ? body.trim() : "";
    const path = new URL(response.url).pathname;
    message =
      response.status === 404
        ? `${method} ${path} is not offered by this cloud (the server answered 404 Not Found${text ? " with a non-JSON page" : ""}).`
        : `${response.statusText || "Error"}${text && !text.startsWith("<") ? `: ${text.split("\n")[0]}` : ""}`;
  }
  return new NovaApiError(response.status, message, fault, requestIdOf(response.headers), method, response.url);
}
