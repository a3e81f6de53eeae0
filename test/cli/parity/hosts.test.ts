import type { Sandbox } from "../../../src/sandbox/index.js";
import { migrationsKeepRunning, parity } from "./harness.js";

const v = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const DEMO_VM = "a1b2c3d4-0000-4000-8000-000000000001";

/** demo-vm on sandbox-3, the host that is down: the one host evacuate can empty. */
const onDownHost = (cloud: Sandbox) => {
  cloud.state.servers.get(DEMO_VM)!.host = "sandbox-3";
};

parity("hosts", [
  { args: ["host-meta", "sandbox", "set", "owner=ops", "tier"], title: "host-meta set: every server of the host, a key alone is null" },
  { args: ["host-meta", "sandbox.local", "delete", "owner", "tier", "--strict"] },
  { args: ["host-meta", "sandbox", "set", "a=1", "--strict"], title: "--strict: no hypervisor is named exactly 'sandbox'" },
  { args: ["host-meta", "nope", "set", "a=1"] },
  { args: ["host-evacuate", "sandbox"], title: "host-evacuate of a host that is up: each refusal is a row" },
  { args: ["host-evacuate", "sandbox-3", "--target_host", "sandbox-2"], before: onDownHost },
  { args: ["host-evacuate", "sandbox-3"], env: v("2.13"), title: "host-evacuate before 2.14 sends onSharedStorage" },
  { args: ["host-evacuate", "sandbox-2", "--on-shared-storage"], env: v("2.13") },
  { args: ["host-evacuate", "sandbox-2", "--force", "--target_host", "sandbox"], env: v("2.29") },
  { args: ["host-evacuate-live", "sandbox", "--max-servers", "1"] },
  { args: ["host-evacuate-live", "sandbox", "--block-migrate", "--target-host", "sandbox-2"], before: migrationsKeepRunning },
  { args: ["host-evacuate-live", "sandbox-2", "--disk-over-commit"], env: v("2.24"), title: "host-evacuate-live before 2.25: block_migration and disk_over_commit false", before: migrationsKeepRunning },
  { args: ["host-evacuate-live", "sandbox-2", "--force", "--target-host", "sandbox"], env: v("2.30"), before: migrationsKeepRunning },
  { args: ["host-evacuate-live", "nope"], before: migrationsKeepRunning },
  { args: ["host-servers-migrate", "sandbox"], env: v("2.55"), title: "host-servers-migrate before 2.56: {migrate: null}", before: migrationsKeepRunning },
  { args: ["host-servers-migrate", "sandbox-2.local", "--strict"], before: migrationsKeepRunning },
  { args: ["host-servers-migrate", "nope"], before: migrationsKeepRunning },
]);
