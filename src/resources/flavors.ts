import type { CallInput } from "../client/call-types.js";
import type { BoundHelpers } from "./bind.js";
import { type Call, findWith } from "./find.js";
import { allPages, collect } from "./paginate.js";

type Flavor = Awaited<ReturnType<BoundHelpers["flavors"]["get"]>>["flavor"];
type DetailFilters = CallInput<"listFlavorsDetail">;
type DetailItem = Awaited<ReturnType<BoundHelpers["flavors"]["list"]>>["flavors"][number];

/** Flavor helpers that add logic to the generated calls: lookups by name and whole listings. */
export function flavorExtras(h: BoundHelpers, call: Call) {
  return {
    /** A flavor by id or name, public or private, as `nova flavor-show` resolves it. */
    find: async (nameOrId: string): Promise<Flavor> => (await findWith(call, "flavors", nameOrId)).record as unknown as Flavor,
    /** Every flavor with details, following `next` links page after page. */
    listAll: (filters: DetailFilters = {}): Promise<DetailItem[]> =>
      collect(allPages<DetailFilters, DetailItem>((f) => h.flavors.list(f), filters, "flavors")),
  };
}
