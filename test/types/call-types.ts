// Type-level tests: tsc (npm run typecheck) fails when a generated signature goes wrong.
import type { ComputeClient } from "../../src/client/create.js";
declare const c: ComputeClient;
const f = await c.call("showFlavor", { flavor_id: "1" });
const n: string = f.flavor.name;
const d = f.flavor.description;
const l = await c.call("listFlavorsDetail", { limit: 3, is_public: "None" });
const l2 = await c.call("listFlavorsDetail");
const a = await c.call("flavorAction.addTenantAccess", { flavor_id: "1", body: { tenant: "x" } });
a.flavor_access[0]?.tenant_id;
// @ts-expect-error missing flavor_id
await c.call("showFlavor", {});
// @ts-expect-error wrong body
await c.call("backupInstance", { server_id: "x", body: { nam: "x" } });
await c.call("backupInstance", { server_id: "x", body: { name: "x", description: null } });
const image = await c.call("serverAction.createImage", { server_id: "x", body: { name: "i" } });
const imageId: string | undefined = image?.image_id;
const output = await c.call("serverAction.os-getConsoleOutput", { server_id: "x", body: { length: 10 } });
const text: string = output.output;
const nothing: undefined = await c.call("serverAction.reboot", { server_id: "x", body: { type: "SOFT" } });
// @ts-expect-error reboot answers no body
nothing.output;
