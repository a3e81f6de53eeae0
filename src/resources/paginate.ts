/** A list reply: the items under one key and, when more remain, a "next" link under another. */
type Page = Record<string, unknown>;

/** The marker of a page's "next" link (under `links`: `servers_links`, or `links` for instance actions), if it has one. */
export function nextMarker(page: Page, links: string): string | undefined {
  const list = page[links];
  if (!Array.isArray(list)) return undefined;
  const next = list.find((l: { rel?: string }) => l.rel === "next") as { href?: string } | undefined;
  return next?.href ? (new URL(next.href, "http://relative.invalid").searchParams.get("marker") ?? undefined) : undefined;
}

/**
 * Follows "next" links to the end, yielding every item. The marker is taken from the link and
 * the request is re-issued by `fetchPage` (the same helper with the same input), since the
 * link's host may be an internal name. A marker seen before ends it: a cloud that loops.
 */
export async function* pageItems<T>(fetchPage: (marker: string | undefined) => Promise<unknown>, first: string | undefined, items: string, links: string): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string | undefined>([first]);
  for (let marker = first; ; ) {
    const page = (await fetchPage(marker)) as Page;
    yield* (page[items] as T[] | undefined) ?? [];
    marker = nextMarker(page, links);
    if (marker === undefined || seen.has(marker)) return;
    seen.add(marker);
  }
}

/**
 * Pages by offset (lists that take limit and offset and give no links: server groups, volume
 * attachments...): each page starts after the items so far, and one shorter than `limit`, or
 * than the first page when no limit is given (the cloud's own page size), or empty, is the last.
 * So a whole list shorter than the cloud's page costs one more request, which answers empty.
 */
export async function* offsetItems<T>(fetchPage: (offset: number | undefined) => Promise<unknown>, first: number | undefined, items: string, limit: number | undefined): AsyncGenerator<T, void, undefined> {
  let full = limit;
  for (let offset = first; ; ) {
    const list = (((await fetchPage(offset)) as Page)[items] as T[] | undefined) ?? [];
    yield* list;
    full ??= list.length;
    if (list.length === 0 || list.length < full) return;
    offset = (offset ?? 0) + list.length;
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
