import { MalformedReplyError, NovaClientError, requestIdOf } from "../core/errors.js";

/**
 * Reads a successful reply's JSON body, turning each way it can be wrong into one typed error
 * that names the request: cut off mid-body, empty where a body is due, not JSON, truncated JSON,
 * or JSON that is not an object (every Compute and Keystone reply is one).
 */
export async function readJsonReply(response: Response, operation: string, bodyDue: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    if ((err as Error).name === "TimeoutError") throw new NovaClientError("ReadTimeout", `The reply to ${operation} did not arrive in time`, { cause: err });
    throw new NovaClientError("ConnectFailure", `The connection broke while reading the reply to ${operation}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`, { cause: err });
  }
  const fail = (problem: string, cause?: unknown) =>
    new MalformedReplyError(operation, response.status, response.headers.get("content-type") ?? "", requestIdOf(response.headers), problem, { cause });
  if (!text.trim()) {
    if (bodyDue) throw fail("is empty");
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // Cut short: the parser ran out of text (Node names the position, or says "end of input").
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const cut = /^\s*[[{]/.test(text) && (/end of|Unterminated/i.test(message) || (at !== null && Number(at[1]) >= text.trimEnd().length));
    throw fail(cut ? "is truncated JSON" : `is not JSON (it starts ${JSON.stringify(text.trimStart().slice(0, 40))})`, err);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw fail(`is ${data === null ? "null" : Array.isArray(data) ? "a list" : `a ${typeof data}`}, not a JSON object`);
  }
  return data;
}
