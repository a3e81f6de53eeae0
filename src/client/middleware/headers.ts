/** The headers every request carries (the client's base headers; set once, not per request). */
export function baseHeaders(userAgent: string, globalRequestId?: string): Record<string, string> {
  return { "User-Agent": userAgent, Accept: "application/json", ...(globalRequestId ? { "X-OpenStack-Request-ID": globalRequestId } : {}) };
}
