import type { ComputeClient } from "../client/create.js";
import { requoteUri } from "../client/query.js";
import { NovaClientError, errorFromBody } from "../core/errors.js";
import { isUuidLike } from "./find.js";

export interface ImageSummary {
  id: string;
  name: string;
}

/**
 * Image lookups for the CLI. Images belong to Glance, not to the Compute spec, so these are the
 * hand-written calls to another service, made as python-novaclient's glance.find_image makes them.
 */
export function imageLookups(compute: ComputeClient) {
  const send = async (path: string): Promise<[Response, unknown]> => {
    const base = compute.serviceUrl("image");
    if (!base) throw new NovaClientError("EndpointNotFound", "No image service in the catalog.");
    const response = await compute.fetchService(`${base.replace(/\/+$/, "")}/v2/images${path}`);
    return [response, await response.json().catch(() => undefined)];
  };
  const get = async <T>(path: string): Promise<T> => {
    const [response, body] = await send(path);
    if (!response.ok) throw errorFromBody(response, "GET", body);
    return body as T;
  };
  return {
    /** An image's name: GET /v2/images/<id>. */
    name: async (id: string): Promise<string> => (await get<{ name?: string }>(`/${encodeURIComponent(id)}`)).name ?? "",
    /**
     * An image by id (uuid-like) or exact name (GET /v2/images?name=<name>, the name requoted,
     * not urlencoded); none or several is a CommandError in python-novaclient's words.
     */
    async find(nameOrId: string): Promise<ImageSummary> {
      if (isUuidLike(nameOrId)) {
        const [response, body] = await send(`/${encodeURIComponent(nameOrId)}`);
        if (response.status === 404) {
          // novaclient's str(NotFound): Glance's message as it is (markup and all), and the
          // request id only from X-Compute-Request-ID, which Glance does not send.
          const message = (body as { message?: unknown } | undefined)?.message;
          const requestId = response.headers.get("x-compute-request-id");
          throw new NovaClientError("CommandError", `${typeof message === "string" ? message : "Not found"} (HTTP 404)${requestId ? ` (Request-ID: ${requestId})` : ""}`);
        }
        if (!response.ok) throw errorFromBody(response, "GET", body);
        return body as ImageSummary;
      }
      const { images = [] } = await get<{ images?: ImageSummary[] }>(`?name=${requoteUri(nameOrId)}`);
      if (images.length === 0) throw new NovaClientError("CommandError", `No Image matching ${nameOrId}. (HTTP 404)`);
      if (images.length > 1) throw new NovaClientError("CommandError", `Multiple image matches found for '${nameOrId}', use an ID to be more specific.`);
      return images[0]!;
    },
  };
}
