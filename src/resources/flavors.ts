import type { BoundHelpers } from "./bind.js";
import { type Call, findWith } from "./find.js";

type Flavor = Awaited<ReturnType<BoundHelpers["flavors"]["get"]>>["flavor"];

/** Flavor helpers that add logic to the generated calls: lookups by name. */
export function flavorExtras(call: Call) {
  return {
    /** A flavor by id or name, public or private, as `nova flavor-show` resolves it. */
    find: async (nameOrId: string): Promise<Flavor> => (await findWith(call, "flavors", nameOrId)).record as unknown as Flavor,
  };
}
