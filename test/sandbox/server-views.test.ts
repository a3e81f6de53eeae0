import { describe, expect, it } from "vitest";
import { useSandbox } from "./harness.js";

const { call, server } = useSandbox("2.104");
const WEB1 = "9168b536-cd40-4630-b43f-b259807c6e87";

// What the real test cloud (Nova 26, fake virt driver) answers for these views of a server.
describe("read-only views of a server, as the fake virt driver's cloud answers", () => {
  it("a seeded server has its create action, with a request id made from its id", async () => {
    const list = (await call("listInstanceActions", "GET", `/servers/${WEB1}/os-instance-actions`)).json!.instanceActions;
    expect(list).toEqual([expect.objectContaining({ action: "create", instance_uuid: WEB1, request_id: "req-e70fc911-1560-1e0d-96fd-ea7769dd9327", message: null })]);
    const shown = (await call("showInstanceAction", "GET", `/servers/${WEB1}/os-instance-actions/${list[0].request_id}`)).json!.instanceAction;
    expect(shown.events.map((e: { event: string; result: string }) => [e.event, e.result])).toEqual([["compute__do_build_and_run_instance", "Success"]]);
  });

  it("diagnostics: 2.48's shape in the driver's key order, before it the driver's flat dict; admin only", async () => {
    const now = (await call("showServerDiagnostics", "GET", `/servers/${WEB1}/diagnostics`, { version: "2.48" })).json!;
    expect(Object.keys(now.disk_details[0])).toEqual(["read_bytes", "read_requests", "write_bytes", "write_requests", "errors_count"]);
    expect(now).toMatchObject({ state: "running", driver: "libvirt", num_cpus: 1, memory_details: { maximum: 524288, used: 0 } });
    expect((await call("showServerDiagnostics", "GET", `/servers/${WEB1}/diagnostics`, { version: "2.47" })).json).toMatchObject({ cpu0_time: 17300000000, vnet1_rx: 2070139 });
    expect((await call("showServerDiagnostics", "GET", `/servers/${WEB1}/diagnostics`, { user: "demo" })).status).toBe(403);
  });

  it("topology: no NUMA nodes (2.78+)", async () => {
    const id = await server("numa-less");
    expect((await call("showServerTopology", "GET", `/servers/${id}/topology`, { version: "2.78" })).json).toEqual({ nodes: [], pagesize_kb: null });
  });

  it("security groups: the server's, with the same id each time; a group the project lacks is 404", async () => {
    const id = await server("guarded");
    const groups = (await call("listServerSecurityGroups", "GET", `/servers/${id}/os-security-groups`)).json!.security_groups;
    expect(groups).toEqual([expect.objectContaining({ name: "default", rules: [] })]);
    const missing = await call("serverAction.addSecurityGroup", "POST", `/servers/${id}/action`, { body: { addSecurityGroup: { name: "nosuch" } } });
    expect([missing.status, missing.json!.itemNotFound.message]).toEqual([404, expect.stringMatching(/^Security group nosuch is not found for project \w+$/)]);
    expect((await call("serverAction.removeSecurityGroup", "POST", `/servers/${id}/action`, { body: { removeSecurityGroup: { name: groups[0].id } } })).status).toBe(202);
    expect((await call("listServerSecurityGroups", "GET", `/servers/${id}/os-security-groups`)).json!.security_groups).toEqual([]);
  });
});
