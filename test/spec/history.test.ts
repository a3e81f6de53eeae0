/**
 * The history nova-spec derives from the spec, against Nova's own "REST API Version History"
 * (nova/api/openstack/compute/rest_api_version_history.rst, published as
 * docs.openstack.org/nova/latest/reference/api-microversion-history.html), for twelve versions
 * whose changes it states plainly.
 *
 * `history` is what that page says changed, written in nova-spec's words; where the page names an
 * endpoint but not its methods or fields, they come from the api-ref of the same Nova
 * (operations.tsv and parameters.yaml in ../shared/nova-api), and a comment says so. The two
 * differ where one of them is wrong or incomplete: `notInSpec` lists what the page says and the
 * spec does not show, `notInHistory` what the spec shows and the page does not say, each line with
 * who is wrong and why.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { specChanges } from "../../src/spec/index.js";

interface Case {
  version: string;
  history: string[];
  notInSpec?: Record<string, string>;
  notInHistory?: Record<string, string>;
}

/** A change line with the names in its braces sorted: the order of a group is not a change. */
const normal = (line: string) => line.replace(/\{([^}]*)\}/g, (_, names: string) => `{${names.split(", ").sort().join(", ")}}`);

const removedApis = parse(readFileSync(new URL("../../spec/removed.yaml", import.meta.url), "utf8")) as { method: string; path: string; action?: string | string[]; removed: string }[];

/**
 * The reason a line of the page names an operation the spec does not describe: Nova has since
 * removed it (410 at every microversion), which spec/removed.yaml records. Throws when it does not.
 */
function removed(line: string): string {
  const m = /^- (\w+) (\S+)(?: \((\w+)\))?$/.exec(line);
  const row = m && removedApis.find((r) => r.method === m[1] && r.path === m[2] && (!m[3] || [r.action ?? []].flat().join(", ").split(", ").includes(m[3])));
  if (!row) throw new Error(`${line}: not an API spec/removed.yaml lists`);
  return `the history is out of date: Nova removed this API in ${row.removed} (410 at every microversion since), and the spec describes no removed API (spec/removed.yaml)`;
}
const allRemoved = (lines: string[]) => Object.fromEntries(lines.map((line) => [line, removed(line)]));

const QUOTA_2_57 = "{injected_files, injected_file_content_bytes, injected_file_path_bytes}";
// 2.36 names endpoints; their operations are the api-ref's (operations.tsv).
const PROXIES_REMOVED_IN_SPEC = [
  "- GET /images",
  "- GET /images/detail",
  "- GET /images/{image_id}",
  "- DELETE /images/{image_id}",
  "- GET /os-networks",
  "- GET /os-networks/{network_id}",
  "- GET /os-tenant-networks",
  "- GET /os-tenant-networks/{network_id}",
  "- GET /os-floating-ips",
  "- POST /os-floating-ips",
  "- GET /os-floating-ips/{floating_ip_id}",
  "- DELETE /os-floating-ips/{floating_ip_id}",
  "- GET /os-floating-ip-pools",
  "- GET /os-security-groups",
  "- POST /os-security-groups",
  "- GET /os-security-groups/{security_group_id}",
  "- PUT /os-security-groups/{security_group_id}",
  "- DELETE /os-security-groups/{security_group_id}",
  "- POST /os-security-group-rules",
  "- DELETE /os-security-group-rules/{security_group_rule_id}",
  "- GET /os-volumes",
  "- POST /os-volumes",
  "- GET /os-volumes/detail",
  "- GET /os-volumes/{volume_id}",
  "- DELETE /os-volumes/{volume_id}",
  "- GET /os-snapshots",
  "- POST /os-snapshots",
  "- GET /os-snapshots/detail",
  "- GET /os-snapshots/{snapshot_id}",
  "- DELETE /os-snapshots/{snapshot_id}",
  "- GET /os-baremetal-nodes",
  "- GET /os-baremetal-nodes/{node_id}",
];
const PROXIES_SINCE_REMOVED = [
  "- POST /os-networks",
  "- POST /os-networks/add",
  "- DELETE /os-networks/{network_id}",
  "- POST /os-networks/{network_id}/action (associate_host)",
  "- POST /os-networks/{network_id}/action (disassociate)",
  "- POST /os-networks/{network_id}/action (disassociate_host)",
  "- POST /os-networks/{network_id}/action (disassociate_project)",
  "- POST /os-tenant-networks",
  "- DELETE /os-tenant-networks/{network_id}",
  "- GET /os-fixed-ips/{fixed_ip}",
  "- POST /os-fixed-ips/{fixed_ip}/action (reserve)",
  "- POST /os-fixed-ips/{fixed_ip}/action (unreserve)",
  "- GET /os-floating-ips-bulk",
  "- POST /os-floating-ips-bulk",
  "- PUT /os-floating-ips-bulk/delete",
  "- GET /os-floating-ips-bulk/{host_name}",
  "- GET /os-floating-ip-dns",
  "- PUT /os-floating-ip-dns/{domain}",
  "- DELETE /os-floating-ip-dns/{domain}",
  "- GET /os-floating-ip-dns/{domain}/entries/{ip}",
  "- GET /os-floating-ip-dns/{domain}/entries/{name}",
  "- PUT /os-floating-ip-dns/{domain}/entries/{name}",
  "- DELETE /os-floating-ip-dns/{domain}/entries/{name}",
  "- GET /os-security-group-default-rules",
  "- POST /os-security-group-default-rules",
  "- GET /os-security-group-default-rules/{security_group_default_rule_id}",
  "- DELETE /os-security-group-default-rules/{security_group_default_rule_id}",
  "- GET /os-fping",
  "- GET /os-fping/{instance_id}",
];

const CASES: Case[] = [
  {
    // "Added Keypair type ... Fixes status code for os-keypairs create method from 200 to 201,
    // delete method from 202 to 204."
    version: "2.2",
    history: [
      "POST /os-keypairs request: + keypair.type",
      "POST /os-keypairs: - reply 200",
      "POST /os-keypairs: + reply 201",
      "DELETE /os-keypairs/{keypair_name}: - reply 202",
      "DELETE /os-keypairs/{keypair_name}: + reply 204",
    ],
    notInHistory: {
      "GET /os-keypairs reply 200: + keypairs[].keypair.type": "the history is incomplete: every key pair Nova shows has its type from 2.2 (api_samples os-keypairs/v2.2/keypairs-list-resp.json)",
      "GET /os-keypairs/{keypair_name} reply 200: + keypair.type": "the history is incomplete: api_samples os-keypairs/v2.2/keypairs-get-resp.json has type",
    },
  },
  {
    // "Exposes new host_status attribute for servers/detail and servers/{server_id}."
    version: "2.16",
    history: ["GET /servers/detail reply 200: + servers[].host_status", "GET /servers/{server_id} reply 200: + server.host_status"],
  },
  {
    // Server tags: the /servers/{server_id}/tags[/{tag}] resource (PUT, DELETE, GET of each),
    // tags in GET /servers/{server_id}, and four new filters of GET /servers.
    version: "2.26",
    history: [
      "+ GET /servers/{server_id}/tags",
      "+ PUT /servers/{server_id}/tags",
      "+ DELETE /servers/{server_id}/tags",
      "+ GET /servers/{server_id}/tags/{tag}",
      "+ PUT /servers/{server_id}/tags/{tag}",
      "+ DELETE /servers/{server_id}/tags/{tag}",
      "GET /servers/{server_id} reply 200: + server.tags",
      "GET /servers query: + {tags, tags-any, not-tags, not-tags-any}",
    ],
    notInHistory: {
      "GET /servers/detail query: + {tags, tags-any, not-tags, not-tags-any}": "the history is incomplete: GET /servers/detail takes the filters of GET /servers (one handler; the api-ref's tags_query is on both)",
      "GET /servers/detail reply 200: + servers[].tags": "the history is incomplete: each server of the detailed list is the GET /servers/{server_id} view",
      "PUT /servers/{server_id} reply 200: + server.tags": "the history is incomplete: the update reply is the same server view (api_samples servers/v2.47/server-update-resp.json has tags)",
      "POST /servers/{server_id}/action (rebuild) reply 202: + server.tags": "the history is incomplete: api_samples servers/v2.26/server-action-rebuild-resp.json has tags",
    },
  },
  {
    // The proxy APIs answer 404 from 2.36 (images, os-networks, os-tenant-networks, os-fixed-ips,
    // os-floating-ips, os-floating-ips-bulk, os-floating-ip-pools, os-floating-ip-dns,
    // os-security-groups, os-security-group-rules, os-security-group-default-rules, os-volumes,
    // os-snapshots, os-baremetal-nodes, os-fping), and "the network related quotas and limits
    // are removed": which fields is the api-ref's (parameters.yaml, max_version 2.35).
    version: "2.36",
    history: [
      ...PROXIES_REMOVED_IN_SPEC,
      ...PROXIES_SINCE_REMOVED,
      "GET /limits reply 200: - limits.absolute.{maxSecurityGroups, maxSecurityGroupRules, maxTotalFloatingIps, totalSecurityGroupsUsed, totalFloatingIpsUsed}",
      "GET /os-quota-sets/{tenant_id} reply 200: - quota_set.{fixed_ips, floating_ips, security_groups, security_group_rules}",
      "GET /os-quota-sets/{tenant_id}/defaults reply 200: - quota_set.{fixed_ips, floating_ips, security_groups, security_group_rules}",
      "GET /os-quota-sets/{tenant_id}/detail reply 200: - quota_set.{fixed_ips, floating_ips, security_groups, security_group_rules}",
      "PUT /os-quota-sets/{tenant_id} request: - quota_set.{fixed_ips, floating_ips, security_groups, security_group_rules, networks}",
      "PUT /os-quota-sets/{tenant_id} reply 200: - quota_set.{fixed_ips, floating_ips, security_groups, security_group_rules}",
    ],
    notInSpec: allRemoved(PROXIES_SINCE_REMOVED),
  },
  {
    // "Replace the flavor name/ref with the actual flavor details from the embedded flavor object
    // when displaying server details": the fields are the api-ref's flavor_* of 2.47.
    version: "2.47",
    history: [
      "GET /servers/{server_id} reply 200: - server.flavor.{id, links}",
      "GET /servers/{server_id} reply 200: + server.flavor.{original_name, ram, vcpus, disk, ephemeral, swap, extra_specs}",
      "GET /servers/detail reply 200: - servers[].flavor.{id, links}",
      "GET /servers/detail reply 200: + servers[].flavor.{original_name, ram, vcpus, disk, ephemeral, swap, extra_specs}",
    ],
    notInHistory: {
      "PUT /servers/{server_id} reply 200: - server.flavor.{id, links}": "the history is incomplete: the update reply shows the server as GET does (api_samples servers/v2.47/server-update-resp.json)",
      "PUT /servers/{server_id} reply 200: + server.flavor.{original_name, ram, vcpus, disk, ephemeral, swap, extra_specs}": "the history is incomplete: the same sample",
      "POST /servers/{server_id}/action (rebuild) reply 202: - server.flavor.{id, links}": "the history is incomplete: the rebuild reply is a server too (api_samples servers/v2.47/server-action-rebuild-resp.json)",
      "POST /servers/{server_id}/action (rebuild) reply 202: + server.flavor.{original_name, ram, vcpus, disk, ephemeral, swap, extra_specs}": "the history is incomplete: the same sample",
    },
  },
  {
    // Services and hypervisors by UUID; the .../search and .../servers routes and the four
    // PUT /os-services/<action> calls replaced.
    version: "2.53",
    history: [
      "GET /os-services reply 200: ~ services[].id: required integer → required string",
      "DELETE /os-services/{service_id} path: ~ service_id: an integer id → a UUID",
      "- PUT /os-services/disable",
      "- PUT /os-services/disable-log-reason",
      "- PUT /os-services/enable",
      "- PUT /os-services/force-down",
      "+ PUT /os-services/{service_id}",
      "- GET /os-hypervisors/{hypervisor_hostname_pattern}/search",
      "- GET /os-hypervisors/{hypervisor_hostname_pattern}/servers",
      "GET /os-hypervisors query: + {hypervisor_hostname_pattern, with_servers}",
      "GET /os-hypervisors/detail query: + {hypervisor_hostname_pattern, with_servers}",
      "GET /os-hypervisors/{hypervisor_id} query: + with_servers",
      "GET /os-hypervisors/{hypervisor_id} path: ~ hypervisor_id: an integer id → a UUID",
      "GET /os-hypervisors/{hypervisor_id}/uptime path: ~ hypervisor_id: an integer id → a UUID",
      "GET /os-hypervisors query: ~ marker: an integer id → a UUID",
      "GET /os-hypervisors/detail query: ~ marker: an integer id → a UUID",
      "GET /os-hypervisors reply 200: ~ hypervisors[].id: required integer → required string",
      "GET /os-hypervisors/detail reply 200: ~ hypervisors[].id: required integer → required string",
      "GET /os-hypervisors/detail reply 200: ~ hypervisors[].service.id: required integer → required string",
      "GET /os-hypervisors/{hypervisor_id} reply 200: ~ hypervisor.id: required integer → required string",
      "GET /os-hypervisors/{hypervisor_id} reply 200: ~ hypervisor.service.id: required integer → required string",
      "GET /os-hypervisors/{hypervisor_id}/uptime reply 200: ~ hypervisor.id: required integer → required string",
    ],
    notInSpec: {
      "DELETE /os-services/{service_id} path: ~ service_id: an integer id → a UUID": "the spec is wrong (loose): its path and marker parameters are any string at every version; only their descriptions say integer before 2.53, UUID after",
      "GET /os-hypervisors/{hypervisor_id} path: ~ hypervisor_id: an integer id → a UUID": "the spec is wrong (loose), as for service_id",
      "GET /os-hypervisors/{hypervisor_id}/uptime path: ~ hypervisor_id: an integer id → a UUID": "the spec is wrong (loose), as for service_id",
      "GET /os-hypervisors query: ~ marker: an integer id → a UUID": "the spec is wrong (loose), as for service_id",
      "GET /os-hypervisors/detail query: ~ marker: an integer id → a UUID": "the spec is wrong (loose), as for service_id",
    },
  },
  {
    // "Adds a description field to the flavor resource in GET /flavors, GET /flavors/detail,
    // GET /flavors/{flavor_id}, POST /flavors and PUT /flavors/{flavor_id}"; PUT itself is new in
    // 2.55 (the api-ref's "Update Flavor Description"), so it comes with its description.
    version: "2.55",
    history: [
      "GET /flavors reply 200: + flavors[].description",
      "GET /flavors/detail reply 200: + flavors[].description",
      "GET /flavors/{flavor_id} reply 200: + flavor.description",
      "POST /flavors request: + flavor.description",
      "POST /flavors reply 200: + flavor.description",
      "+ PUT /flavors/{flavor_id}",
    ],
  },
  {
    // personality out of server create and rebuild, user_data into rebuild, maxPersonality* out
    // of GET /limits, injected_file* out of os-quota-sets and os-quota-class-sets (their
    // operations are the api-ref's).
    version: "2.57",
    history: [
      "POST /servers request: - server.personality",
      "POST /servers/{server_id}/action (rebuild) request: - rebuild.personality",
      "POST /servers/{server_id}/action (rebuild) request: + rebuild.user_data",
      "GET /limits reply 200: - limits.absolute.{maxPersonality, maxPersonalitySize}",
      `GET /os-quota-sets/{tenant_id} reply 200: - quota_set.${QUOTA_2_57}`,
      `GET /os-quota-sets/{tenant_id}/defaults reply 200: - quota_set.${QUOTA_2_57}`,
      `GET /os-quota-sets/{tenant_id}/detail reply 200: - quota_set.${QUOTA_2_57}`,
      `PUT /os-quota-sets/{tenant_id} request: - quota_set.${QUOTA_2_57}`,
      `PUT /os-quota-sets/{tenant_id} reply 200: - quota_set.${QUOTA_2_57}`,
      `GET /os-quota-class-sets/{id} reply 200: - quota_class_set.${QUOTA_2_57}`,
      `PUT /os-quota-class-sets/{id} request: - quota_class_set.${QUOTA_2_57}`,
      `PUT /os-quota-class-sets/{id} reply 200: - quota_class_set.${QUOTA_2_57}`,
    ],
    notInHistory: {
      "POST /servers/{server_id}/action (rebuild) reply 202: + server.user_data": "the history is incomplete: the rebuild reply shows the user_data it was given (api_samples servers/v2.57/server-action-rebuild-resp.json)",
    },
  },
  {
    // Multiattach volumes: the same request attaches a volume to another server. No operation,
    // parameter or body changes.
    version: "2.60",
    history: [],
  },
  {
    // A reason when locking, shown by GET /servers/detail, GET /servers/{server_id}, PUT
    // /servers/{server_id} and rebuild; `locked` as a filter and a sort key of GET /servers and
    // GET /servers/detail.
    version: "2.73",
    history: [
      "POST /servers/{server_id}/action (lock) request: + lock.locked_reason",
      "GET /servers/detail reply 200: + servers[].locked_reason",
      "GET /servers/{server_id} reply 200: + server.locked_reason",
      "PUT /servers/{server_id} reply 200: + server.locked_reason",
      "POST /servers/{server_id}/action (rebuild) reply 202: + server.locked_reason",
      "GET /servers query: + locked",
      "GET /servers/detail query: + locked",
      "GET /servers query: ~ sort_key: + locked",
      "GET /servers/detail query: ~ sort_key: + locked",
    ],
    notInSpec: {
      "GET /servers query: ~ sort_key: + locked": "the spec is wrong (loose): the servers' sort_key is any string at every version, so no new key can show",
      "GET /servers/detail query: ~ sort_key: + locked": "the spec is wrong (loose), as for GET /servers",
    },
  },
  {
    // Twelve fields out of GET /os-hypervisors/detail and /{hypervisor_id}, which gain uptime;
    // GET /os-hypervisors/statistics and /{hypervisor_id}/uptime gone.
    version: "2.88",
    history: [
      "GET /os-hypervisors/detail reply 200: - hypervisors[].{current_workload, cpu_info, vcpus, vcpus_used, free_disk_gb, local_gb, local_gb_used, disk_available_least, free_ram_mb, memory_mb, memory_mb_used, running_vms}",
      "GET /os-hypervisors/{hypervisor_id} reply 200: - hypervisor.{current_workload, cpu_info, vcpus, vcpus_used, free_disk_gb, local_gb, local_gb_used, disk_available_least, free_ram_mb, memory_mb, memory_mb_used, running_vms}",
      "- GET /os-hypervisors/statistics",
      "- GET /os-hypervisors/{hypervisor_id}/uptime",
      "GET /os-hypervisors/detail reply 200: + hypervisors[].uptime",
      "GET /os-hypervisors/{hypervisor_id} reply 200: + hypervisor.uptime",
    ],
  },
  {
    // pinned_availability_zone in server show and server list --long (python-novaclient 18.6.0's
    // note for 2.96, after Nova's history: GET /servers/{server_id}, GET /servers/detail).
    version: "2.96",
    history: ["GET /servers/{server_id} reply 200: + server.pinned_availability_zone", "GET /servers/detail reply 200: + servers[].pinned_availability_zone"],
    notInHistory: {
      "PUT /servers/{server_id} reply 200: + server.pinned_availability_zone": "the history is incomplete: the update reply has it too (api_samples servers/v2.96/server-update-resp.json; tempest's schema for 2.96 was fixed for update server)",
      "POST /servers/{server_id}/action (rebuild) reply 202: + server.pinned_availability_zone": "the history is incomplete: api_samples servers/v2.96/server-action-rebuild-resp.json has it",
    },
  },
];

describe("nova-spec --changes against Nova's REST API Version History", () => {
  it.each(CASES.map((c) => [c.version, c]))("%s", (_, c) => {
    const notInSpec = Object.keys(c.notInSpec ?? {}).map(normal);
    const notInHistory = Object.keys(c.notInHistory ?? {}).map(normal);
    const said = c.history.map(normal);
    // What each side lacks is accounted for, and says who is wrong.
    expect(notInSpec.filter((line) => !said.includes(line))).toEqual([]);
    for (const why of [...Object.values(c.notInSpec ?? {}), ...Object.values(c.notInHistory ?? {})]) expect(why).toMatch(/^the (spec|history) is (wrong|incomplete|out of date)\b/);
    const expected = [...said.filter((line) => !notInSpec.includes(line)), ...notInHistory];
    const [, minor] = c.version.split(".");
    const [{ version, changes }] = specChanges(`2.${Number(minor) - 1}`, c.version) as [{ version: string; changes: string[] }];
    expect(version).toBe(c.version);
    expect(changes.map(normal).sort()).toEqual(expected.sort());
  });
});
