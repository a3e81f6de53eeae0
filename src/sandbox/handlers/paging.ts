import type { RequestContext } from "../context.js";
import { badRequest } from "../faults.js";

/** Nova's [api] max_limit: a page never holds more, whatever `limit` says. */
export const MAX_LIMIT = 1000;

/**
 * One page of `items` (already filtered and sorted) after `marker`, with the `next` link Nova
 * adds when the page is full.
 */
export function page<T>(
  items: T[],
  ctx: RequestContext,
  path: string,
  notFoundMarker: (marker: string) => string,
  markerOf: (item: T) => string = (item) => (item as { id: string }).id,
): { items: T[]; links?: { rel: string; href: string }[] } {
  const limitText = ctx.query.get("limit");
  const limit = limitText === null ? MAX_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest("limit param must be an integer");
  const marker = ctx.query.get("marker");
  let start = 0;
  if (marker !== null) {
    const at = items.findIndex((i) => markerOf(i) === marker);
    if (at < 0) throw badRequest(notFoundMarker(marker));
    start = at + 1;
  }
  const size = Math.min(limit, MAX_LIMIT);
  const slice = items.slice(start, start + size);
  if (slice.length === 0 || slice.length < size) return { items: slice };
  const query = new URLSearchParams(ctx.query);
  query.set("limit", String(size));
  query.set("marker", markerOf(slice[slice.length - 1]!));
  return { items: slice, links: [{ rel: "next", href: `${ctx.endpoint}${path}?${query}` }] };
}
