import { describe, expect, it } from "vitest";
import { errorFromBody } from "../../src/core/errors.js";

const reply = (status: number, headers: Record<string, string> = {}) => {
  const r = new Response(null, { status, headers: { "x-openstack-request-id": "req-1", ...headers } });
  Object.defineProperty(r, "url", { value: "http://h/compute/v2.1/servers/x/backup_instance" });
  return r;
};

describe("errors from replies", () => {
  it("reads Nova's fault body", () => {
    const err = errorFromBody(reply(404), "GET", { itemNotFound: { code: 404, message: "Flavor 9 could not be found." } });
    expect([err.kind, err.fault, err.message, err.requestId]).toEqual(["NotFound", "itemNotFound", "Flavor 9 could not be found.", "req-1"]);
    expect(err.toString()).toBe("Flavor 9 could not be found. (HTTP 404) (Request-ID: req-1)");
  });

  it("says a route is missing for an HTML 404 or webob's JSON 404, in one line", () => {
    const html = errorFromBody(reply(404), "POST", "<html><body><h1>404 Not Found</h1></body></html>");
    expect(html.message).toBe("POST /compute/v2.1/servers/x/backup_instance is not offered by this cloud (the server answered 404 Not Found with a non-JSON page).");
    const webob = errorFromBody(reply(404), "POST", { message: "The resource could not be found.<br /><br />\n\n\n", code: "404 Not Found", title: "Not Found" });
    expect(webob.message).toBe("POST /compute/v2.1/servers/x/backup_instance is not offered by this cloud (the server answered 404 Not Found from its web framework, not Nova).");
  });

  it("gives a clear message for empty and HTML bodies of other errors, on one line", () => {
    // python-novaclient's default message of each error class.
    expect(errorFromBody(reply(502), "GET", "").toString()).toBe("Unknown Error (HTTP 502) (Request-ID: req-1)");
    expect(errorFromBody(new Response(null, { status: 409 }), "GET", "<html>oops</html>").toString()).toBe("Conflict (HTTP 409)");
    expect(errorFromBody(reply(400), "GET", { badRequest: { code: 400, message: "line one\n  line <b>two</b>" } }).message).toBe("line one line two");
  });
});
