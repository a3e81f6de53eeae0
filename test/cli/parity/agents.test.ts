import { parity } from "./harness.js";

// Nova removed os-agents (410 Gone): python-novaclient still sends the request, after its
// deprecation line on stderr, and prints the 410. (list-extensions is no command of
// python-novaclient 18.1: both refuse it as an unknown subcommand.)
parity("agents", [
  { args: ["agent-list"] },
  { args: ["agent-list", "--hypervisor", "xen"] },
  { args: ["agent-create", "linux", "x86_64", "1.0", "http://example.com/agent.tgz", "add6bb58e139be103324d04d82d8f545", "xen"] },
  { args: ["agent-modify", "1", "2.0", "http://example.com/agent2.tgz", "add6bb58e139be103324d04d82d8f546"] },
  { args: ["agent-delete", "1"] },
]);

const v = (version: string) => ({ OS_COMPUTE_API_VERSION: version });

parity("migrations", [
  { args: ["migration-list"] },
  { args: ["migration-list"], env: v("2.1"), title: "migration-list at 2.1: no Id, UUID or Type" },
  { args: ["migration-list"], env: v("2.23") },
  { args: ["migration-list"], env: v("2.59") },
  { args: ["migration-list", "--host", "sandbox-2", "--status", "completed"] },
  { args: ["migration-list", "--instance-uuid", "9168b536-cd40-4630-b43f-b259807c6e87", "--migration-type", "live-migration", "--source-compute", "sandbox"] },
  { args: ["migration-list", "--limit", "2"] },
  { args: ["migration-list", "--limit", "2", "--marker", "da2c1757-0f9a-4d10-b292-b3036cc4ef4a"] },
  { args: ["migration-list", "--marker", "00000000-0000-4000-8000-000000000000"], title: "an unknown marker: Nova's 400" },
  { args: ["migration-list", "--changes-since", "2026-01-05T00:00:00Z", "--changes-before", "2026-01-06T12:00:00"] },
  { args: ["migration-list", "--changes-since", "yesterday"], title: "a bad --changes-since: python-novaclient's CommandError" },
  { args: ["migration-list", "--changes-before", "2026-02-30"], title: "a date that does not exist" },
  { args: ["migration-list", "--project-id", "3b7a5c1e0d2f4a6b8c9d0e1f2a3b4c5d", "--user-id", "ba09c9d36fea4145983545860049f3a2"] },
  { args: ["migration-list", "--changes-since", "2026-01-05"], env: v("2.66") },
]);
