import { parity } from "./harness.js";

const admin = "6f70656e737461636b20342065766572";
const demo = "3b7a5c1e0d2f4a6b8c9d0e1f2a3b4c5d";
const demoUser = "6e1f2a3b4c5d4e6f8a9b0c1d2e3f4a5b";
const asDemo = { OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" };

parity("quotas", [
  { args: ["quota-show"], title: "quota-show: the token's project" },
  { args: ["quota-show", "--tenant", demo, "--user", demoUser] },
  { args: ["quota-show", "--detail"] },
  { args: ["quota-show"], env: { OS_COMPUTE_API_VERSION: "2.35" }, title: "quota-show at 2.35: the network quotas too" },
  { args: ["quota-show"], env: { OS_COMPUTE_API_VERSION: "2.56" }, title: "quota-show at 2.56: the injected file quotas too" },
  { args: ["quota-show", "--tenant", "no-such-project"] },
  { args: ["quota-defaults"] },
  { args: ["quota-defaults", "--tenant", demo], env: asDemo },
  { args: ["quota-update", demo, "--instances", "20", "--cores", "40", "--key-pairs", "5"] },
  { args: ["quota-update", demo, "--user", demoUser, "--ram", "1024", "--force"] },
  { args: ["quota-update", demo, "--force"], title: "quota-update with no quota: no request, as python's `if updates:`" },
  { args: ["quota-update", admin, "--instances", "0"], title: "quota-update below usage: Nova's 400" },
  { args: ["quota-update", demo, "--floating-ips", "3", "--injected-files", "2"], env: { OS_COMPUTE_API_VERSION: "2.35" }, title: "quota-update at 2.35: deprecated network quotas warn" },
  { args: ["quota-update", demo, "--injected-files", "2"], env: { OS_COMPUTE_API_VERSION: "2.56" } },
  { args: ["quota-show", "--tenant", demo] },
  { args: ["quota-update", demo, "--instances", "3"], env: asDemo, title: "quota-update as a member: Nova's 403" },
  { args: ["quota-delete", "--tenant", demo, "--user", demoUser] },
  { args: ["quota-delete", "--tenant", demo] },
  { args: ["quota-show", "--tenant", demo] },
  { args: ["quota-class-show", "default"] },
  { args: ["quota-class-show", "default"], env: { OS_COMPUTE_API_VERSION: "2.49" } },
  { args: ["quota-class-update", "default", "--cores", "30", "--server-groups", "12"] },
  { args: ["quota-class-update", "default", "--security-groups", "7", "--injected-files", "6"], env: { OS_COMPUTE_API_VERSION: "2.49" } },
  { args: ["quota-class-update", "default"], title: "quota-class-update with no quota: no request" },
  { args: ["quota-class-show", "default"], env: { OS_COMPUTE_API_VERSION: "2.49" } },
]);
