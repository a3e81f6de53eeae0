import { describe, expect, it } from "vitest";
import { directTransport } from "../../src/client/transport.js";

/** A fetch that records what it was handed and answers 200. */
function recorder() {
  const seen: { input: string | URL | Request; init?: RequestInit }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ input, init });
    return new Response("{}");
  }) as typeof fetch;
  return { seen, fetchFn };
}

describe("directTransport", () => {
  it("sends a request it built from its URL and init, with the headers middleware set", async () => {
    const { seen, fetchFn } = recorder();
    const transport = directTransport(fetchFn);
    const request = new transport.Request("http://127.0.0.1:9/v2.1/servers/1/action", { method: "POST", body: '{"pause":null}', headers: { "Content-Type": "application/json" } });
    request.headers.set("X-Auth-Token", "t0k");
    await transport.fetch(request);
    expect(seen).toHaveLength(1);
    const { input, init } = seen[0]!;
    expect(input).toBe("http://127.0.0.1:9/v2.1/servers/1/action");
    expect(init?.method).toBe("POST");
    expect(init?.body).toBe('{"pause":null}');
    expect(new Headers(init?.headers).get("X-Auth-Token")).toBe("t0k");
    expect(init?.signal).toBeUndefined();
  });

  it("hands the caller's own signal to fetch, not the Request's copy of it", async () => {
    const { seen, fetchFn } = recorder();
    const transport = directTransport(fetchFn);
    const caller = new AbortController();
    await transport.fetch(new transport.Request("http://127.0.0.1:9/a", { signal: caller.signal }));
    expect(seen[0]!.init?.signal).toBe(caller.signal);
  });

  it("sends a request with a stream body, or one it did not build, as it is", async () => {
    const { seen, fetchFn } = recorder();
    const transport = directTransport(fetchFn);
    const withStream = new transport.Request("http://127.0.0.1:9/b", { method: "PUT", body: new Blob(["x"]).stream(), duplex: "half" } as RequestInit);
    const replaced = new Request("http://127.0.0.1:9/c");
    for (const request of [withStream, replaced]) await transport.fetch(request);
    expect(seen.map((s) => s.input)).toEqual([withStream, replaced]);
  });

  it("builds real Requests, and every Request passes its instanceof (openapi-fetch checks what middleware returns)", () => {
    const transport = directTransport(fetch);
    expect(new transport.Request("http://127.0.0.1:9/")).toBeInstanceOf(Request);
    expect(new Request("http://127.0.0.1:9/")).toBeInstanceOf(transport.Request);
  });
});
