import { describe, expect, it } from "vitest";
import { useSandbox } from "./harness.js";

const { ctx, call, server } = useSandbox("2.104");
const project = () => ctx.cloud.state.users.find((u) => u.name === "demo")!.project.id;

describe("quota sets, quota classes and limits", () => {
  it("shows Nova's defaults, counts real usage, updates, refuses a limit under usage, reverts on delete", async () => {
    const p = project();
    const show = await call("showQuotaSet", "GET", `/os-quota-sets/${p}`, { version: "2.57" });
    expect(show.json!.quota_set).toEqual({ id: p, cores: 20, instances: 10, ram: 51200, metadata_items: 128, key_pairs: 100, server_groups: 10, server_group_members: 10 });
    expect((await call("showQuotaSet", "GET", `/os-quota-sets/${p}`, { version: "2.1" })).json!.quota_set.floating_ips).toBe(10);
    await server("q1", { user: "demo" });
    const detail = await call("showQuotaSetDetail", "GET", `/os-quota-sets/${p}/detail`, { version: "2.57", user: "demo" });
    // The seed's demo-vm plus q1, both m1.tiny.
    expect([detail.json!.quota_set.instances, detail.json!.quota_set.cores, detail.json!.quota_set.ram]).toEqual([
      { in_use: 2, limit: 10, reserved: 0 },
      { in_use: 2, limit: 20, reserved: 0 },
      { in_use: 1024, limit: 51200, reserved: 0 },
    ]);
    expect((await call("updateQuotaSet", "PUT", `/os-quota-sets/${p}`, { version: "2.57", body: { quota_set: { instances: 1 } } })).json!.badRequest.message).toBe(
      "Quota limit 1 for instances must be greater than or equal to already used and reserved 2.",
    );
    const upd = await call("updateQuotaSet", "PUT", `/os-quota-sets/${p}`, { version: "2.57", body: { quota_set: { instances: "2", cores: 50 } } });
    expect([upd.json!.quota_set.instances, upd.json!.quota_set.cores, upd.json!.quota_set.id]).toEqual([2, 50, undefined]);
    const full = await call("createServer", "POST", "/servers", { user: "demo", version: "2.93", body: { server: { name: "over", flavorRef: "1", imageRef: "70a599e0-31e7-49b7-b260-868f441e862b", networks: "none" } } });
    expect(full.json!.forbidden.message).toBe("Quota exceeded for instances: Requested 1, but already used 2 of 2 instances");
    const limits = await call("showLimits", "GET", "/limits", { user: "demo", version: "2.57" });
    expect(limits.json!.limits.absolute).toMatchObject({ maxTotalInstances: 2, maxTotalCores: 50, totalInstancesUsed: 2, totalCoresUsed: 2, totalRAMUsed: 1024 });
    expect((await call("showLimits", "GET", "/limits", { version: "2.1" })).json!.limits.absolute.maxPersonality).toBe(5);
    expect((await call("updateQuotaSet", "PUT", `/os-quota-sets/${p}`, { user: "demo", body: { quota_set: { instances: 50 } } })).status).toBe(403);
    expect((await call("deleteQuotaSet", "DELETE", `/os-quota-sets/${p}`)).status).toBe(202);
    expect((await call("showQuotaSet", "GET", `/os-quota-sets/${p}`)).json!.quota_set.instances).toBe(10);
    expect((await call("showQuotaSet", "GET", "/os-quota-sets/nope")).json).toEqual({ badRequest: { code: 400, message: "Project ID nope is not a valid project." } });
    expect((await call("showQuotaSetDefaults", "GET", `/os-quota-sets/${p}/defaults`)).json!.quota_set.instances).toBe(10);
  });

  it("quota classes: the default class changes every project's defaults", async () => {
    expect((await call("showQuotaClassSet", "GET", "/os-quota-class-sets/default", { version: "2.50" })).json!.quota_class_set.server_groups).toBe(10);
    const upd = await call("updateQuotaClassSet", "PUT", "/os-quota-class-sets/default", { version: "2.57", body: { quota_class_set: { key_pairs: 7 } } });
    expect(upd.json!.quota_class_set.key_pairs).toBe(7);
    expect((await call("showQuotaSetDefaults", "GET", `/os-quota-sets/${project()}/defaults`, { version: "2.57" })).json!.quota_set.key_pairs).toBe(7);
    expect((await call("showLimits", "GET", "/limits", { version: "2.57" })).json!.limits.absolute.maxTotalKeypairs).toBe(7);
    await call("updateQuotaClassSet", "PUT", "/os-quota-class-sets/default", { version: "2.57", body: { quota_class_set: { key_pairs: 100 } } });
  });
});
