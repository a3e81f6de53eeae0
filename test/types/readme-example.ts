// The README's library example, type-checked (npm run typecheck) so the docs cannot drift.
import { NovaApiError, type NovaClient } from "../../src/index.js";

declare const nova: NovaClient;
console.log(nova.microversion);
const { flavors } = await nova.flavors.list({ minRam: 2048, limit: 10 });
const all = await nova.servers.listAll({ status: "ACTIVE" });
const server = await nova.servers.find("web-1");
await nova.servers.reboot({ server_id: server.id, body: { type: "SOFT" } });
await nova.servers.waitFor(server.id, "ACTIVE");
const { id } = await nova.servers.backupInstance({ server_id: server.id, body: { name: "nightly", description: null } });
try {
  await nova.flavors.get({ flavor_id: "nope" });
} catch (err) {
  if (err instanceof NovaApiError) console.log(err.kind, err.status, err.fault, err.requestId);
}
const { data } = await nova.raw.GET("/os-hypervisors/detail", {});
export { all, data, flavors, id };
