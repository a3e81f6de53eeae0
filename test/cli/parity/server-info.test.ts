import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../../src/sandbox/index.js";
import { instanceActions } from "../../../src/sandbox/handlers/common.js";
import { hasPythonNova } from "../python-nova.js";
import { parity, twinClouds } from "./harness.js";

const at = (version: string) => ({ OS_COMPUTE_API_VERSION: version });
const WEB1 = "9168b536-cd40-4630-b43f-b259807c6e87";
/** The seeded "create" action of web-1 (its request id is made from the server's id). */
const CREATE = "req-e70fc911-1560-1e0d-96fd-ea7769dd9327";
const STOP = "req-0b8d4f2e-1c3a-4e5f-8a9b-0c1d2e3f4a5b";

/** A finished "stop" of web-1 by the admin, with an event the pprint'ed list wraps. */
function stopped(cloud: Sandbox): void {
  const list = instanceActions(cloud.state).get(WEB1)!;
  if (list.some((a) => a.request_id === STOP)) return;
  const when = "2026-01-03T04:05:06.000000";
  list.push({
    action: "stop",
    instance_uuid: WEB1,
    request_id: STOP,
    user_id: "ba09c9d36fea4145983545860049f3a2",
    project_id: "6f70656e737461636b20342065766572",
    start_time: when,
    message: null,
    updated_at: "2026-01-03T04:05:08.000000",
    events: [{ event: "compute_stop_instance", start_time: when, finish_time: "2026-01-03T04:05:08.000000", result: "Success", traceback: null, host: "sandbox", details: null }],
  });
}

parity("server tags and instance actions", [
  { args: ["server-tag-list", "web-1"] },
  { args: ["server-tag-add", "web-1", "blue", "green", "bad,tag", "red"], title: "server-tag-add: one request each, a bad tag reported, exit 1" },
  { args: ["server-tag-list", "web-1"] },
  { args: ["server-tag-delete", "web-1", "green", "nope"] },
  { args: ["server-tag-set", "db-1", "one", "two"] },
  { args: ["server-tag-list", "db-1"] },
  { args: ["server-tag-delete-all", "db-1"] },
  { args: ["server-tag-list", "db-1"] },
  { args: ["server-tag-add", "nope", "a", "b"], title: "server-tag-add to an unknown server: the lookup fails once, before any tag" },
  { args: ["instance-action-list", "web-1"], before: stopped },
  { args: ["instance-action-list", "web-1"], env: at("2.57") },
  { args: ["instance-action-list", WEB1], env: at("2.20") },
  { args: ["instance-action-list", "web-1", "--limit", "1"], env: at("2.65") },
  { args: ["instance-action-list", "web-1", "--marker", STOP] },
  { args: ["instance-action-list", "web-1", "--changes-since", "2026-01-03T00:00:00Z", "--changes-before", "2999-01-01"] },
  { args: ["instance-action-list", "web-1", "--changes-since", "yesterday"], title: "a bad --changes-since: CommandError after the lookup" },
  { args: ["instance-action-list", "web-1", "--changes-before", "2016-02-30"] },
  { args: ["instance-action-list", "00000000-0000-4000-8000-000000000000"], title: "from 2.21 an unknown id is sent as given" },
  { args: ["instance-action-list", "nope"], env: at("2.20"), title: "before 2.21 it must be found" },
  { args: ["instance-action-list", "nope"], title: "a name that finds nothing is sent as given too" },
  { args: ["instance-action", "web-1", STOP], title: "instance-action: the events as pprint.pformat writes them" },
  { args: ["instance-action", "web-1", CREATE], env: at("2.60") },
  { args: ["instance-action", WEB1, CREATE], env: at("2.50"), title: "before 2.51 events are shown to admins only (this is one)" },
  { args: ["instance-action", "web-1", CREATE], env: { ...at("2.50"), OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" }, title: "another project's server: not found" },
  { args: ["instance-action", "web-1", "req-nope"] },
  { args: ["instance-action", "nope", CREATE], env: at("2.20") },
]);

// python-novaclient builds its parser after negotiating: a command newer than the session is
// not there, and argparse prints its whole usage with every command's name; ours prints its
// short usage with the same error line and exit status.
describe.skipIf(!hasPythonNova)("commands newer than the session", () => {
  const twins = twinClouds();
  for (const [args, version] of [[["server-tag-list", "web-1"], "2.25"], [["server-topology", "web-1"], "2.77"]] as const) {
    it(`nova ${args.join(" ")} at ${version}`, async () => {
      const { python, ours } = await twins.both({ args: [...args], env: at(version) });
      expect(python.code).toBe(2);
      expect(ours.code).toBe(2);
      expect(ours.stderr).toContain(`error: argument <subcommand>: invalid choice: '${args[0]}'`);
      expect(python.stderr).toContain(`error: argument <subcommand>: invalid choice: '${args[0]}'`);
      expect(ours.traffic.filter((r) => !r.path.includes("/servers"))).toEqual(python.traffic.filter((r) => !r.path.includes("/servers")));
    });
  }
});
