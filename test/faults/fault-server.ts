import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small Keystone + Nova on loopback that misbehaves on purpose, one way at a time: `mode`
 * names the fault, and every request is recorded. What it serves when it behaves is just
 * enough for `nova flavor-list` and the library's flavors calls.
 */
export type FaultMode =
  | "none"
  | "html-200"
  | "truncated-json"
  | "null-200"
  | "empty-200"
  | "list-not-object"
  | "missing-key"
  | "items-null"
  | "reset-mid-body"
  | "status-599"
  | "redirect-loop"
  | "slowloris"
  | "big-truncated"
  | "fault-message-object"
  | "catalog-string"
  | "endpoints-null"
  | "version-null"
  | "escapes"
  | "servers"
  | "glance-503-twice"
  | "503-twice"
  | "429-retry-after"
  | "401-once"
  | "401-always";

export interface FaultServer {
  readonly authUrl: string;
  mode: FaultMode;
  readonly hits: string[];
  close(): Promise<void>;
}

/** The modes that spoil the reply itself, whichever compute call it answers. */
const REPLY_FAULTS = new Set<FaultMode>(["html-200", "truncated-json", "null-200", "empty-200", "list-not-object", "missing-key", "items-null", "reset-mid-body", "fault-message-object", "status-599", "redirect-loop", "slowloris", "big-truncated"]);

const FLAVOR = { id: "1", name: "m1.tiny", ram: 512, disk: 1, vcpus: 1, "OS-FLV-EXT-DATA:ephemeral": 0, swap: "", rxtx_factor: 1.0, "os-flavor-access:is_public": true, links: [] };

export async function startFaultServer(): Promise<FaultServer> {
  const hits: string[] = [];
  let base = "";
  const state = { mode: "none" as FaultMode };
  const json = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { "Content-Type": "application/json", "X-Openstack-Request-Id": "req-00000000-0000-0000-0000-000000000001", ...headers }).end(body);

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const mode = state.mode;
    hits.push(`${req.method} ${req.url}`);
    if (req.method === "POST" && req.url === "/identity/v3/auth/tokens") {
      const endpoints = mode === "endpoints-null" ? null : [{ interface: "public", region: "RegionOne", region_id: "RegionOne", url: `${base}/compute/v2.1` }];
      const image = { type: "image", name: "glance", endpoints: [{ interface: "public", region: "RegionOne", region_id: "RegionOne", url: `${base}/image` }] };
      const catalog = mode === "catalog-string" ? "compute" : [{ type: "compute", name: "nova", endpoints }, image];
      return json(res, 201, JSON.stringify({ token: { expires_at: "2999-01-01T00:00:00.000000Z", catalog, user: { id: "u1" }, project: { id: "p1" } } }), { "X-Subject-Token": "gAAAAfaulttoken" });
    }
    if (req.url === "/compute/v2.1" || req.url === "/compute/v2.1/") {
      return json(res, 200, JSON.stringify({ version: mode === "version-null" ? null : { id: "v2.1", status: "CURRENT", version: "2.93", min_version: "2.1" } }));
    }
    // The reply faults hit every compute call (lookups too); the others only the flavors.
    if (req.url?.startsWith("/compute/v2.1/flavors") || (REPLY_FAULTS.has(mode) && req.url?.startsWith("/compute/v2.1/"))) {
      const seen = hits.filter((h) => h.includes("/flavors")).length;
      if (mode === "503-twice" && (req.method === "POST" || seen <= 2)) return json(res, 503, JSON.stringify({ computeFault: { code: 503, message: "Busy, try again." } }));
      if (mode === "429-retry-after" && seen === 1) return json(res, 429, JSON.stringify({ overLimit: { code: 429, message: "Slow down." } }), { "Retry-After": "1" });
      const refused = mode === "401-always" || (mode === "401-once" && hits.filter((h) => h.includes("/flavors")).length === 1);
      if (refused) return json(res, 401, JSON.stringify({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } }));
      switch (mode) {
        case "html-200":
          return res.writeHead(200, { "Content-Type": "text/html", "X-Openstack-Request-Id": "req-00000000-0000-0000-0000-000000000001" }).end("<html><body>Welcome to nginx!</body></html>");
        case "truncated-json":
          return json(res, 200, '{"flavors": [{"id": "1", "name": "m1.');
        case "null-200":
          return json(res, 200, "null");
        case "empty-200":
          return json(res, 200, "");
        case "list-not-object":
          return json(res, 200, JSON.stringify([FLAVOR]));
        case "missing-key":
          return json(res, 200, "{}");
        case "items-null":
          return json(res, 200, JSON.stringify({ flavors: [null] }));
        case "escapes":
          if (req.url.includes("/flavors/detail")) return json(res, 200, JSON.stringify({ flavors: [{ ...FLAVOR, name: "m1.\u001b[2Jtiny\u0007" }] }));
          return json(res, 404, JSON.stringify({ itemNotFound: { code: 404, message: "Flavor x could not be found.\u001b[2J\r\npassword: " } }));
        case "fault-message-object":
          return json(res, 400, JSON.stringify({ badRequest: { code: 400, message: { detail: "bad flavor" } } }));
        case "status-599":
          return json(res, 599, JSON.stringify({ computeFault: { code: 599, message: "Network connect timeout error." } }));
        case "redirect-loop":
          return res.writeHead(302, { Location: req.url }).end();
        case "slowloris":
          // Headers at once, then a byte of the body now and then, never the end.
          res.writeHead(200, { "Content-Type": "application/json" });
          res.write("{");
          return void setInterval(() => res.write(" "), 100).unref();
        case "big-truncated":
          // 50 MB of JSON that stops before its end.
          return json(res, 200, `{"flavors": [{"id": "1", "name": "${"x".repeat(50 * 2 ** 20)}`);
        case "reset-mid-body":
          res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
          res.write('{"flavors": [');
          return setTimeout(() => res.socket?.destroy(), 20);
        default:
          return json(res, 200, JSON.stringify({ flavors: [FLAVOR] }));
      }
    }
    if (mode === "glance-503-twice" && req.url?.startsWith("/image/v2/images")) {
      if (hits.filter((h) => h.includes("/image/")).length <= 2) return json(res, 503, "<html>Service Unavailable</html>");
      return json(res, 200, JSON.stringify({ images: [{ id: "70a599e0-31e7-49b7-b260-868f441e862b", name: "cirros" }] }));
    }
    if (mode === "glance-503-twice" && req.url?.startsWith("/compute/v2.1/servers/detail")) return json(res, 200, JSON.stringify({ servers: [] }));
    if (mode === "servers" && req.url?.startsWith("/compute/v2.1/servers")) {
      // A cloud where looking up "bad" gets a proxy's HTML page; a1 and c1 exist.
      if (req.url.includes("bad")) return res.writeHead(200, { "Content-Type": "text/html" }).end("<html>Bad Gateway</html>");
      const name = /[?&]name=([^&]+)/.exec(req.url)?.[1];
      if (req.method === "GET" && name) return json(res, 200, JSON.stringify({ servers: ["a1", "c1"].includes(name) ? [{ id: `00000000-0000-0000-0000-0000000000${name}`, name, links: [] }] : [] }));
      const id = /\/servers\/(0{8}-0{4}-0{4}-0{4}-0{10}(a1|c1))$/.exec(req.url);
      if (req.method === "GET" && id) return json(res, 200, JSON.stringify({ server: { id: id[1], name: id[2], status: "ACTIVE", links: [] } }));
      if (req.method === "DELETE") return res.writeHead(204).end();
      // A backup_instance that answers 200 without the new image's id.
      if (req.method === "POST" && req.url.endsWith("/backup_instance")) return json(res, 200, "{}");
    }
    json(res, 404, JSON.stringify({ itemNotFound: { code: 404, message: "Not here." } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authUrl: `${base}/identity/v3`,
    get mode() {
      return state.mode;
    },
    set mode(m: FaultMode) {
      state.mode = m;
    },
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
