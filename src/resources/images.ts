import type { ComputeClient } from "../client/create.js";
import { requoteUri } from "../client/query.js";
import { AmbiguousMatchError, NoMatchError, NovaClientError, errorFromBody } from "../core/errors.js";
import { isUuidLike } from "./find.js";

export interface ImageSummary {
  id: string;
  name: string;
}

/** GETs under `root` of another service of the catalog (Glance, Neutron), with the session's token. */
export function serviceReader(compute: ComputeClient, type: string, root: string) {
  const send = async (path: string): Promise<[Response, unknown]> => {
    const base = compute.serviceUrl(type);
    if (!base) throw new NovaClientError("EndpointNotFound", `No ${type} service in the catalog.`);
    const { response, error } = await compute.fetchService(`${base.replace(/\/+$/, "")}${root}${path}`);
    return [response, response.ok ? await response.json().catch(() => undefined) : error];
  };
  const get = async <T>(path: string): Promise<T> => {
    const [response, body] = await send(path);
    if (!response.ok) throw errorFromBody(response, "GET", body);
    return body as T;
  };
  return { send, get };
}

/**
 * Image lookups for the CLI. Images belong to Glance, not to the Compute spec, so these are the
 * hand-written calls to another service, made as python-novaclient's glance.find_image makes them.
 */
export function imageLookups(compute: ComputeClient) {
  const { send, get } = serviceReader(compute, "image", "/v2/images");
  return {
    /** Every image with its details (GET /v2/images: one page, as python-novaclient's glance.list reads it). */
    list: async (): Promise<Record<string, unknown>[]> => (await get<{ images?: Record<string, unknown>[] }>("")).images ?? [],
    /** An image's name: GET /v2/images/<id>. */
    name: async (id: string): Promise<string> => (await get<{ name?: string }>(`/${encodeURIComponent(id)}`)).name ?? "",
    /**
     * An image by id (uuid-like) or exact name (GET /v2/images?name=<name>, the name requoted,
     * not urlencoded); none is a NoMatchError, several an AmbiguousMatchError, in python-novaclient's words.
     */
    async find(nameOrId: string): Promise<ImageSummary> {
      if (isUuidLike(nameOrId)) {
        const [response, body] = await send(`/${encodeURIComponent(nameOrId)}`);
        if (response.status === 404) {
          // novaclient's str(NotFound): Glance's message as it is (markup and all), and the
          // request id only from X-Compute-Request-ID, which Glance does not send.
          const message = (body as { message?: unknown } | undefined)?.message;
          const requestId = response.headers.get("x-compute-request-id");
          throw new NoMatchError("image", nameOrId, `${typeof message === "string" ? message : "Not found"} (HTTP 404)${requestId ? ` (Request-ID: ${requestId})` : ""}`);
        }
        if (!response.ok) throw errorFromBody(response, "GET", body);
        return body as ImageSummary;
      }
      const { images = [] } = await get<{ images?: ImageSummary[] }>(`?name=${requoteUri(nameOrId)}`);
      if (images.length === 0) throw new NoMatchError("image", nameOrId, `No Image matching ${nameOrId}. (HTTP 404)`);
      if (images.length > 1) throw new AmbiguousMatchError("image", nameOrId);
      return images[0]!;
    },
    /**
     * Several images at once, as python-novaclient's glance.find_images asks: one listing by
     * ids (id=in:a,b), one by names (names=in:a,b), both always; any word matched by neither is
     * a CommandError naming them.
     */
    async findMany(namesOrIds: readonly string[]): Promise<ImageSummary[]> {
      const joined = requoteUri(namesOrIds.join(","));
      const matches = [...(await get<{ images?: ImageSummary[] }>(`?id=in:${joined}`)).images ?? [], ...(await get<{ images?: ImageSummary[] }>(`?names=in:${joined}`)).images ?? []];
      const missed = namesOrIds.filter((w) => !matches.some((m) => m.id === w || m.name === w));
      if (missed.length) throw new NovaClientError("CommandError", `Unable to find image(s): ${[...new Set(missed)].join(",")} (HTTP 404)`);
      if (matches.some((m) => !namesOrIds.includes(m.id) && !namesOrIds.includes(m.name))) throw new NovaClientError("ClientException", "Additional images found in response (HTTP 500)");
      return matches;
    },
  };
}
