// The least a Node program can take for what `nova flavor-list` does: the same fetch calls and
// nothing else (no CLI, no client), then exit. With NOVA_FLOOR_TOKEN it skips Keystone, as a
// cached nova-ts run does. Plain JavaScript, so nothing is transpiled at start.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--liftoff-only");
const env = process.env;
let token = env.NOVA_FLOOR_TOKEN;
if (!token) {
  const user = { name: env.OS_USERNAME, domain: { name: env.OS_USER_DOMAIN_NAME ?? "Default" }, password: env.OS_PASSWORD };
  const auth = { identity: { methods: ["password"], password: { user } }, scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME ?? "Default" } } } };
  const reply = await fetch(`${env.OS_AUTH_URL.replace(/\/$/, "")}/auth/tokens`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ auth }) });
  await reply.text();
  token = reply.headers.get("x-subject-token");
}
const reply = await fetch(`${env.NOVA_FLOOR_COMPUTE}/flavors/detail`, { headers: { "X-Auth-Token": token, Accept: "application/json" } });
process.stdout.write(await reply.text());
process.exit(reply.ok ? 0 : 1);
