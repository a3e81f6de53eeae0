import { parity } from "./harness.js";

const v = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const SANDBOX_2 = "20f48a1a-1bc3-47b1-85af-16b51bbce72d";
const SCHEDULER = "16f2abde-9a92-4476-a6b9-ad026208fc3b";

parity("services", [
  { args: ["service-list"] },
  { args: ["service-list", "--host", "sandbox-2", "--binary", "nova-compute"], title: "service-list filters: host before binary, as python-novaclient writes them" },
  { args: ["service-list"], env: v("2.10"), title: "service-list before 2.11: no Forced down column, integer ids" },
  { args: ["service-disable", SANDBOX_2] },
  { args: ["service-disable", SANDBOX_2, "--reason", "new disks"] },
  { args: ["service-list", "--binary", "nova-compute"] },
  { args: ["service-enable", SANDBOX_2] },
  { args: ["service-force-down", SANDBOX_2] },
  { args: ["service-force-down", "--unset", SANDBOX_2] },
  { args: ["service-enable", "sandbox-2"], title: "service-enable from 2.53 needs the UUID: Nova's 400" },
  { args: ["service-disable", "sandbox-2"], env: v("2.52") },
  { args: ["service-disable", "sandbox-2", "--reason", "maintenance"], env: v("2.52") },
  { args: ["service-enable", "sandbox-2"], env: v("2.52") },
  { args: ["service-force-down", "sandbox-2"], env: v("2.52") },
  { args: ["service-force-down", "sandbox-2", "--unset"], env: v("2.11") },
  { args: ["service-enable", "controller"], env: v("2.52"), title: "only nova-compute services: Nova's 400 for another host" },
  { args: ["service-delete", SCHEDULER] },
  { args: ["service-delete", SCHEDULER], title: "service-delete of a deleted service: 404" },
  { args: ["service-delete", "2"], env: v("2.52") },
  { args: ["service-delete", "4"], env: v("2.52"), title: "service-delete of a compute service with servers: Nova's 409" },
]);
