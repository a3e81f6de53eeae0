import type { ComputeClient } from "../client/create.js";
import { NovaClientError, errorFromBody } from "../core/errors.js";

/**
 * Image names for display. Images belong to Glance, not to the Compute spec, so this is the one
 * hand-written call to another service: GET <image endpoint>/v2/images/<id>.
 */
export function imageLookups(compute: ComputeClient) {
  return {
    async name(id: string): Promise<string> {
      const base = compute.serviceUrl("image");
      if (!base) throw new NovaClientError("EndpointNotFound", "No image service in the catalog.");
      const response = await compute.fetchService(`${base.replace(/\/+$/, "")}/v2/images/${encodeURIComponent(id)}`);
      const body = (await response.json().catch(() => undefined)) as { name?: string } | undefined;
      if (!response.ok) throw errorFromBody(response, "GET", body);
      return body?.name ?? "";
    },
  };
}
