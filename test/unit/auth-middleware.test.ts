import type { MiddlewareCallbackParams } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { authMiddleware } from "../../src/client/middleware/auth.js";

const params = (request: Request) => ({ request, schemaPath: "/flavors/detail", params: {}, id: "1", options: {} }) as unknown as MiddlewareCallbackParams & { request: Request };

describe("authMiddleware", () => {
  it("puts a fresh token on the request without waiting", () => {
    const request = new Request("http://127.0.0.1:9/v2.1/flavors/detail");
    const result = authMiddleware(() => "fresh")!.onRequest!(params(request));
    expect(result).toBeUndefined();
    expect(request.headers.get("X-Auth-Token")).toBe("fresh");
  });

  it("waits for a token being issued (the held one expired) before the request goes", async () => {
    const request = new Request("http://127.0.0.1:9/v2.1/flavors/detail");
    let issue!: (token: string) => void;
    const result = authMiddleware(() => new Promise<string>((resolve) => (issue = resolve)))!.onRequest!(params(request));
    expect(request.headers.get("X-Auth-Token")).toBeNull();
    issue("renewed");
    await result;
    expect(request.headers.get("X-Auth-Token")).toBe("renewed");
  });
});
