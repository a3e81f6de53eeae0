/**
 * A Keystone and a Nova whose flavor list is one very large reply: what a cloud with its
 * `[api] max_limit` raised sends to `nova flavor-list`. It serves only what that command asks
 * for (Keystone's discovery and token, Nova's version, GET /flavors/detail).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SandboxProcess } from "./measure.js";

export async function startBigReply(flavors: number): Promise<SandboxProcess & { megabytes: number }> {
  const items = Array.from({ length: flavors }, (_, i) =>
    JSON.stringify({
      id: String(i + 1),
      name: `bench.flavor-${String(i + 1).padStart(6, "0")}`,
      ram: 512 * ((i % 16) + 1),
      disk: 10 * (i % 8),
      vcpus: (i % 8) + 1,
      "OS-FLV-DISABLED:disabled": false,
      "OS-FLV-EXT-DATA:ephemeral": 0,
      swap: "",
      "os-flavor-access:is_public": true,
      description: `flavor ${i + 1} of ${flavors}`,
      extra_specs: { "hw:cpu_policy": "shared" },
      links: [{ rel: "self", href: `http://127.0.0.1/compute/v2.1/flavors/${i + 1}` }],
    }).replace(/\}$/, ', "rxtx_factor": 1.0}'),
  );
  const body = Buffer.from(`{"flavors": [${items.join(", ")}]}`);
  let served = 0;
  let base = "";
  const server = createServer((req, res) => {
    req.resume();
    served++;
    const json = (status: number, reply: string | Buffer, headers: Record<string, string> = {}) => res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(reply);
    const domain = { id: "default", name: "Default" };
    if (/^\/identity\/v3\/?$/.test(req.url!)) return json(200, JSON.stringify({ version: { id: "v3.14", status: "stable", links: [{ rel: "self", href: `${base}/identity/v3/` }], "media-types": [] } }));
    if (req.method === "POST" && req.url === "/identity/v3/auth/tokens") {
      const endpoints = [{ id: "e1", interface: "public", region: "RegionOne", region_id: "RegionOne", url: `${base}/compute/v2.1` }];
      const token = { expires_at: "2099-01-01T00:00:00.000000Z", issued_at: "2026-01-01T00:00:00.000000Z", methods: ["password"], user: { id: "u1", name: "admin", domain }, project: { id: "p1", name: "admin", domain }, roles: [{ id: "r1", name: "admin" }], catalog: [{ id: "c1", type: "compute", name: "nova", endpoints }] };
      return json(201, JSON.stringify({ token }), { "X-Subject-Token": "bench-token" });
    }
    if (/^\/compute\/v2\.1\/?$/.test(req.url!)) return json(200, JSON.stringify({ version: { id: "v2.1", status: "CURRENT", version: "2.93", min_version: "2.1", updated: "2013-07-23T11:33:21Z", links: [] } }));
    if (req.url!.startsWith("/compute/v2.1/flavors/detail")) return json(200, body);
    json(404, JSON.stringify({ itemNotFound: { code: 404, message: "Not found." } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authUrl: `${base}/identity/v3`,
    computeUrl: `${base}/compute/v2.1`,
    megabytes: body.length / 1e6,
    requests: async () => served,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
