import type { CallResult } from "../client/call-types.js";
import { type Call, findWith } from "./find.js";

/** A flavor as showFlavor (`flavors.get`) answers it at microversion V. */
type Flavor<V extends string = "2.latest"> = CallResult<"showFlavor", V> extends { flavor: infer F } ? F : never;

/** Flavor helpers that add logic to the generated calls, typed at V like the helpers they call. */
export interface FlavorExtras<V extends string = "2.latest"> {
  /** A flavor by id or name, public or private, as `nova flavor-show` resolves it. */
  find(nameOrId: string): Promise<Flavor<V>>;
}

/** Flavor lookups over the generated calls. */
export function flavorExtras(call: Call): FlavorExtras {
  return {
    find: async (nameOrId) => (await findWith(call, "flavors", nameOrId)).record as unknown as Flavor,
  };
}
