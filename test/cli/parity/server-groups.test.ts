import type { Sandbox } from "../../../src/sandbox/index.js";
import { serverGroupStore } from "../../../src/sandbox/handlers/stores.js";
import { parity } from "./harness.js";

parity("server-groups", [
  { args: ["server-group-list"] },
  { args: ["server-group-create", "web", "anti-affinity", "--rule", "max_server_per_host=2"] },
  { args: ["server-group-create", "db", "affinity"] },
  { args: ["server-group-create", "bad", "anti-affinity", "--rule", "max_server_per_host=two"], title: "server-group-create: python's CommandError for a rule that is no integer" },
  { args: ["server-group-create", "bad", "affinity", "--rule", "max_server_per_host=2"], title: "server-group-create: rules only for anti-affinity (Nova's 400)" },
  { args: ["server-group-create", "old", "soft-affinity"], env: { OS_COMPUTE_API_VERSION: "2.15" }, title: "server-group-create before 2.64: a policies list" },
  { args: ["server-group-create", "older", "affinity"], env: { OS_COMPUTE_API_VERSION: "2.12" }, title: "server-group-create before 2.13: no project or user columns" },
  { args: ["server-group-create", "mine", "affinity"], env: { OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" } },
  { args: ["server-group-list"] },
  { args: ["server-group-list", "--all-projects"] },
  { args: ["server-group-list", "--all-projects", "--limit", "2", "--offset", "1"], env: { OS_COMPUTE_API_VERSION: "2.63" } },
  { args: ["server-group-get", "nope"] },
  { args: ["server-group-delete", "nope", "nope-2"], title: "server-group-delete: every one failed, python's CommandError" },
]);

/** A group with a fixed id on both clouds, so one command line names it on each. */
const FIXED = "5a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
const seedGroup = (cloud: Sandbox) => {
  serverGroupStore(cloud.state).set(FIXED, { id: FIXED, name: "fixed", policy: "anti-affinity", rules: { max_server_per_host: 3 }, members: [], project_id: "6f70656e737461636b20342065766572", user_id: "ba09c9d36fea4145983545860049f3a2" });
};

parity("server groups by id", [
  { args: ["server-group-get", FIXED], before: seedGroup },
  { args: ["server-group-get", FIXED], env: { OS_COMPUTE_API_VERSION: "2.1" }, title: "server-group-get at 2.1" },
  { args: ["server-group-delete", FIXED, "nope"], title: "server-group-delete: one deleted, one failed, exit 0" },
  { args: ["server-group-delete", FIXED], before: seedGroup, title: "server-group-delete of one" },
]);
