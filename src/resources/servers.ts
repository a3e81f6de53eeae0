import type { CallInput } from "../client/call-types.js";
import type { BoundHelpers } from "./bind.js";
import { findResource } from "./find.js";
import { allPages, collect } from "./paginate.js";

type Server = Awaited<ReturnType<BoundHelpers["servers"]["get"]>>["server"];
type DetailFilters = CallInput<"listServersDetail">;
type DetailItem = Awaited<ReturnType<BoundHelpers["servers"]["list"]>>["servers"][number];

/** Server helpers that add logic to the generated calls: lookups by name and whole listings. */
export function serverExtras(h: BoundHelpers) {
  return {
    /** A server by UUID or exact name (several with that name: an error asking for the id). */
    find: (nameOrId: string, filters: { all_tenants?: string } = {}): Promise<Server> =>
      findResource(
        {
          kind: "server",
          alphanumIds: false,
          get: async (server_id) => (await h.servers.get({ server_id })).server,
          listByName: async (name) => (await h.servers.listSummary({ name, ...filters })).servers,
        },
        nameOrId,
      ),
    /** Every server with details, following `next` links page after page. */
    listAll: (filters: DetailFilters = {}): Promise<DetailItem[]> =>
      collect(allPages<DetailFilters, DetailItem>((f) => h.servers.list(f), filters, "servers")),
  };
}
