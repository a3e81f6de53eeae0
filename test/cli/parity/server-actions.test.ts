import type { Sandbox } from "../../../src/sandbox/index.js";
import { migrationsKeepRunning, parity } from "./harness.js";

const at = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const WEB1 = "9168b536-cd40-4630-b43f-b259807c6e87";
const DB1 = "3cfb801c-f03c-45ce-834b-d097b34e9534";
/** The live migration web-1 starts below: the sixth migration of the seeded cloud. */
const LIVE = "6";

/** db-1 deleted while the cloud keeps deleted servers a while (reclaim_instance_interval > 0). */
function softDeleted(cloud: Sandbox): void {
  const s = cloud.state.servers.get(DB1)!;
  Object.assign(s, { vm_state: "soft_deleted", task_state: null, status: "SOFT_DELETED", power_state: 4 });
}

parity("server actions", [
  { args: ["pause", "web-1"] },
  { args: ["pause", "web-1"], title: "pause a paused server: Nova's 409, exit 1" },
  { args: ["unpause", WEB1] },
  { args: ["suspend", "db-1"] },
  { args: ["resume", "db-1"] },
  { args: ["stop", "web-1", "nope", "db-1"], title: "stop: each server in turn, the missing one reported as a bytes literal, exit 1" },
  { args: ["start", "web-1", "db-1"] },
  { args: ["stop", "--all-tenants", "demo-vm"] },
  { args: ["start", "demo-vm"], title: "start another project's server by name without --all-tenants: not found" },
  { args: ["start", "--all-tenants", "demo-vm"] },
  { args: ["reboot", "web-1", "db-1"], title: "reboot: the servers found first, each named 'name (id)'" },
  { args: ["reboot", "--hard", WEB1] },
  { args: ["reboot", "web-1", "nope"], title: "reboot: a server not found stops the command before any reboot" },
  { args: ["reboot", "--poll", "web-1", "db-1"], title: "reboot --poll: every reboot, then every poll, without percentages" },
  { args: ["lock", "web-1"] },
  { args: ["unlock", "web-1"] },
  { args: ["lock", "--reason", "maintenance window", "web-1"], env: at("2.73") },
  { args: ["unlock", "web-1"] },
  { args: ["lock", "--reason", "", "web-1"], env: at("2.73"), title: "lock --reason '': no reason sent" },
  { args: ["unlock", "web-1"] },
  { args: ["shelve", "db-1"] },
  { args: ["shelve-offload", "db-1"] },
  { args: ["unshelve", "--availability-zone", "nova", "db-1"] },
  { args: ["shelve", "db-1"] },
  { args: ["unshelve", "db-1"], env: at("2.76") },
  { args: ["rescue", "--password", "rescue-pass-1", "--image", "cirros", "web-1"], title: "rescue: the image found first, the reply printed" },
  { args: ["unrescue", "web-1"] },
  { args: ["rescue", "--image", "nope", "web-1"] },
  { args: ["reset-state", "web-1", "nope", "db-1"], title: "reset-state: a line per server, the missing one in words, exit 1" },
  { args: ["reset-state", "--active", "web-1", "db-1"] },
  { args: ["resize", "web-1", "m1.small"] },
  { args: ["resize-revert", "web-1"] },
  { args: ["resize", "web-1", "nope"] },
  { args: ["resize", "db-1", "m1.tiny"] },
  { args: ["resize-confirm", "db-1"] },
  { args: ["migrate", "db-1"], title: "migrate at 2.92: an empty object" },
  { args: ["resize-revert", "db-1"] },
  { args: ["migrate", "db-1"], env: at("2.55"), title: "migrate at 2.55: null" },
  { args: ["resize-confirm", "db-1"] },
  { args: ["migrate", "--host", "", "db-1"], title: "migrate --host '': no host sent" },
  { args: ["resize-confirm", "db-1"] },
  { args: ["live-migration", "web-1", "sandbox-2"] },
  { args: ["server-migration-list", "web-1"], before: migrationsKeepRunning },
  { args: ["server-migration-list", "web-1"], env: at("2.79"), before: migrationsKeepRunning },
  { args: ["server-migration-show", "web-1", LIVE], before: migrationsKeepRunning },
  { args: ["live-migration-force-complete", "web-1", LIVE], before: migrationsKeepRunning },
  { args: ["live-migration-abort", "web-1", LIVE], before: migrationsKeepRunning },
  { args: ["server-migration-show", "web-1", "99"] },
  { args: ["live-migration", "--block-migrate", "--disk-over-commit", "db-1"], env: at("2.24"), title: "live-migration at 2.24: booleans, disk_over_commit" },
  { args: ["live-migration", "--force", "db-1", "sandbox"], env: at("2.30"), title: "live-migration --force to the server's own host: Nova's 400" },
  { args: ["evacuate", "web-1"], title: "evacuate while the host is up: Nova's 400" },
  { args: ["evacuate", "--on-shared-storage", "web-1", "sandbox-2"], env: at("2.13") },
  { args: ["evacuate", "--password", "evac-pass-1", "--force", "web-1", "sandbox-2"], env: at("2.29") },
  { args: ["trigger-crash-dump", "web-1"] },
  { args: ["reset-network", "web-1"], title: "reset-network: Nova's 410" },
  { args: ["refresh-network", "web-1"] },
  { args: ["restore", "web-1"], title: "restore a server that is not deleted: Nova's 409" },
  { args: ["restore", "db-1"], before: softDeleted },
  { args: ["force-delete", "db-1"], before: softDeleted },
  { args: ["force-delete", "db-1"], title: "force-delete a server that is gone" },
]);
