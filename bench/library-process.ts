/**
 * One kind of client alone in a process, for the library benchmark. Authenticates against the
 * sandbox at argv[3], warms up with argv[4] requests, says "ready", then answers each number
 * it is sent by making that many GET /flavors/detail calls and replying with their time in ms.
 * Kinds: "bare" (fetch with the same headers), "plain" (openapi-fetch, no middleware) and
 * "client" (nova-ts's client.raw). A process each, because in a shared one the garbage one
 * kind leaves (undici's finalizers, say) is collected during another's turn and billed to it.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { createNovaClient } from "../src/index.js";

const [kind, authUrl, warmUp] = process.argv.slice(2) as [string, string, string];
const nova = await createNovaClient({ authUrl, username: "admin", password: "secret", projectName: "admin" });
let token = "";
await nova.raw.GET("/flavors/detail", { middleware: [{ onRequest: ({ request }) => void (token = request.headers.get("X-Auth-Token") ?? "") }] });
const url = `${nova.endpoint}/flavors/detail`;
const headers = { "X-Auth-Token": token, "OpenStack-API-Version": `compute ${nova.microversion}`, "X-OpenStack-Nova-API-Version": nova.microversion, Accept: "application/json" };
const plain = createClient<paths>({ baseUrl: nova.endpoint, headers });
const kinds: Record<string, () => Promise<unknown>> = {
  bare: async () => (await fetch(url, { headers })).json(),
  plain: () => plain.GET("/flavors/detail", {}),
  client: () => nova.raw.GET("/flavors/detail", {}),
};
const call = kinds[kind];
if (!call) throw new Error(`unknown kind ${kind}`);
for (let i = 0; i < Number(warmUp); i++) await call();
process.on("message", (count: number) => {
  void (async () => {
    const started = performance.now();
    for (let i = 0; i < count; i++) await call();
    process.send?.(performance.now() - started);
  })();
});
process.send?.("ready");
