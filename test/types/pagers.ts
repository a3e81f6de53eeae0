// Type-level tests of the generated pagers: tsc (npm run typecheck) fails when an item type drifts from the spec.
import type { components } from "../../generated/schema.js";
import type { NovaClient } from "../../src/index.js";

declare const nova: NovaClient;
type Schemas = components["schemas"];
/** True only when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(check: Same<A, B>) => check;

const servers = await nova.servers.listAll({ status: "ACTIVE", limit: 2 }, { signal: AbortSignal.timeout(1000) });
same<typeof servers, Schemas["Server"][]>(true);
const summaries = await nova.servers.listSummaryAll();
same<typeof summaries, Schemas["ServerSummary"][]>(true);
same<typeof servers, typeof summaries>(false);
same<Awaited<ReturnType<typeof nova.flavors.listAll>>, Awaited<ReturnType<typeof nova.flavors.list>>["flavors"]>(true);
same<Awaited<ReturnType<typeof nova.keypairs.listAll>>, Schemas["KeypairSummary"][]>(true);
for await (const action of nova.instanceActions.iterate({ server_id: "x", limit: 1 })) {
  same<typeof action, Schemas["InstanceActionSummary"]>(true);
  break;
}
// Lists paged by offset have pagers too, and take offset and limit as their helpers do.
same<Awaited<ReturnType<typeof nova.serverGroups.listAll>>, Awaited<ReturnType<typeof nova.serverGroups.list>>["server_groups"]>(true);
same<Awaited<ReturnType<typeof nova.volumeAttachments.listAll>>, Awaited<ReturnType<typeof nova.volumeAttachments.list>>["volumeAttachments"]>(true);
await nova.serverGroups.listAll({ limit: 2, offset: 4 });
// @ts-expect-error offset is a number of items
await nova.serverGroups.listAll({ offset: "4" });
// @ts-expect-error instance actions are a server's: server_id is required
nova.instanceActions.listAll();
// @ts-expect-error a filter listServersDetail does not take
await nova.servers.listAll({ colour: "blue" });
// A list that does not come in pages has no pager.
// @ts-expect-error aggregates.list answers everything at once
nova.aggregates.listAll;
