import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../../src/sandbox/index.js";
import { hasPythonNova } from "../python-nova.js";
import { type ParityCase, type Run, parity, twinClouds } from "./harness.js";

const v = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const NODE_1 = "96d3ce14-cbee-4d04-b3da-efa903216dbe";
const DB_1 = "3cfb801c-f03c-45ce-834b-d097b34e9534";

/** db-1 runs on sandbox-2, so two hypervisors have servers and one has none. */
const spread = (cloud: Sandbox) => {
  cloud.state.servers.get(DB_1)!.host = "sandbox-2";
};

parity("hypervisors", [
  { args: ["hypervisor-list"], before: spread },
  { args: ["hypervisor-list", "--limit", "2"] },
  { args: ["hypervisor-list", "--limit", "1", "--marker", NODE_1] },
  { args: ["hypervisor-list", "--matching", "sandbox-"], title: "--matching from 2.53: the list filtered by hypervisor_hostname_pattern" },
  { args: ["hypervisor-list", "--matching", "sandbox-", "--limit", "1"], title: "--matching leaves --limit out, as python-novaclient does" },
  { args: ["hypervisor-list", "--matching", "nope"] },
  { args: ["hypervisor-list", "--matching", "sandbox-2"], env: v("2.40"), title: "--matching before 2.53: the search route" },
  { args: ["hypervisor-list", "--limit", "1", "--marker", "1"], env: v("2.40"), title: "integer ids and markers before 2.53" },
  { args: ["hypervisor-list"], env: v("2.30"), title: "before 2.33: no paging options" },
  { args: ["hypervisor-servers", "sandbox"] },
  { args: ["hypervisor-servers", "sandbox"], env: v("2.52"), title: "hypervisor-servers before 2.53: the servers route" },
  { args: ["hypervisor-servers", "sandbox"], env: v("2.70"), title: "hypervisor-servers before 2.75: no servers key for an empty hypervisor" },
  { args: ["hypervisor-servers", "nope"] },
  { args: ["hypervisor-show", NODE_1], env: v("2.87") },
  { args: ["hypervisor-show", "sandbox-2.local"], env: v("2.52"), title: "hypervisor-show by name: the record of the detailed listing, no GET of it" },
  { args: ["hypervisor-show", "1", "--wrap", "0"], env: v("2.52") },
  { args: ["hypervisor-show", "sandbox.local"], title: "hypervisor-show by name from 2.53: Nova refuses the name as an id (400), python-novaclient stops there" },
  { args: ["hypervisor-show", "nope"], env: v("2.52") },
  { args: ["hypervisor-uptime", "sandbox-3.local"], env: v("2.52"), title: "hypervisor-uptime of a host that is down: Nova's 400" },
  { args: ["hypervisor-uptime", "nope"], env: v("2.52") },
  { args: ["hypervisor-stats"], env: v("2.87") },
  { args: ["hypervisor-stats"], title: "hypervisor-stats from 2.88: python-novaclient's own error" },
]);

/** The `uptime` line carries the clock, which differs between the two runs by a second or so. */
const clockless = (r: Run): Run => ({ ...r, stdout: r.stdout.replace(/ \d\d:\d\d:\d\d up /g, " <clock> up ") });

const uptimeCases: ParityCase[] = [
  { args: ["hypervisor-uptime", NODE_1] },
  { args: ["hypervisor-uptime", "sandbox.local"], env: v("2.52"), title: "hypervisor-uptime by name before 2.88: the uptime route" },
  { args: ["hypervisor-uptime", NODE_1], env: v("2.87") },
  { args: ["hypervisor-show", NODE_1], title: "hypervisor-show from 2.88: the uptime field" },
];

describe.skipIf(!hasPythonNova)("hypervisor uptime: the same as python-novaclient 18.1 but for the clock", () => {
  const twins = twinClouds();
  for (const c of uptimeCases) {
    it(c.title ?? `nova ${c.args.join(" ")}`, async () => {
      const { python, ours } = await twins.both(c);
      expect(clockless(ours)).toEqual(clockless(python));
    });
  }
});
