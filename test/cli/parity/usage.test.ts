import { parity } from "./harness.js";

const v = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const DEMO_PROJECT = "3b7a5c1e0d2f4a6b8c9d0e1f2a3b4c5d";

parity("usage", [
  { args: ["limits"] },
  { args: ["limits", "--tenant", DEMO_PROJECT] },
  { args: ["limits"], env: v("2.35"), title: "limits before 2.36: the network limits too" },
  { args: ["limits", "--reserved"], env: v("2.74") },
  { args: ["limits", "--reserved"], title: "limits --reserved from 2.75: Nova refuses the parameter" },
  { args: ["usage"] },
  { args: ["usage", "--tenant", DEMO_PROJECT, "--start", "2026-01-01", "--end", "2026-12-31"] },
  { args: ["usage", "--tenant", "0000000000000000000000000000dead"], title: "usage of a project without servers: None" },
  { args: ["usage"], env: v("2.39"), title: "usage before 2.40: one request" },
  { args: ["usage", "--start", "2026-13-01"], title: "a bad date: strptime's ValueError" },
  { args: ["usage-list"] },
  { args: ["usage-list", "--start", "2026-01-01", "--end", "2026-12-31"] },
  { args: ["usage-list"], env: v("2.39") },
  { args: ["instance-usage-audit-log"] },
  { args: ["instance-usage-audit-log", "--before", "2026-11-15 00:00:00"] },
  { args: ["instance-usage-audit-log", "--before", "not a time"] },
]);

const DEMO_VM = "a1b2c3d4-0000-4000-8000-000000000001";

parity(
  "usage, paged",
  [
    {
      args: ["usage"],
      title: "usage from 2.40 follows the pages from the last server's instance_id",
      // Every server the admin's: with two projects, where a page ends depends on the random ids
      // of the bulk servers, which the twin clouds do not share.
      before: (cloud) => {
        cloud.state.servers.get(DEMO_VM)!.project_id = "6f70656e737461636b20342065766572";
      },
    },
    { args: ["usage-list"], title: "usage-list from 2.40 follows the pages and merges them per project" },
  ],
  { servers: 1100 },
);
