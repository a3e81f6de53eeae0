import type { ComputeClient } from "../client/create.js";
import { requoteUri } from "../client/query.js";
import { AmbiguousMatchError, NoMatchError } from "../core/errors.js";
import { serviceReader } from "./images.js";

/**
 * Network lookups for the CLI (boot --nic net-name=). Networks belong to Neutron, so this is a
 * hand-written call to another service, made as python-novaclient's neutron.find_network makes it.
 */
export function networkLookups(compute: ComputeClient) {
  const { get } = serviceReader(compute, "network", "/v2.0/networks");
  return {
    /** A network by exact name (GET /v2.0/networks?name=<name>); none is a NoMatchError, several an AmbiguousMatchError, in python-novaclient's words. */
    async findNetwork(name: string): Promise<{ id: string; name: string }> {
      const { networks = [] } = await get<{ networks?: { id: string; name: string }[] }>(`?name=${requoteUri(name)}`);
      if (networks.length === 0) throw new NoMatchError("network", name, `No Network matching ${name}. (HTTP 404)`);
      if (networks.length > 1) throw new AmbiguousMatchError("network", name);
      return networks[0]!;
    },
  };
}
