/** A list reply: the items under one key and, when more remain, a `<key>_links` "next" link. */
type Page = Record<string, unknown>;

/** The marker of a page's "next" link, if it has one. */
export function nextMarker(page: Page, key: string): string | undefined {
  const links = page[`${key}_links`];
  if (!Array.isArray(links)) return undefined;
  const next = links.find((l: { rel?: string }) => l.rel === "next") as { href?: string } | undefined;
  return next?.href ? (new URL(next.href).searchParams.get("marker") ?? undefined) : undefined;
}

/**
 * Follows `next` links to the end, yielding every item. The marker is taken from the link and
 * the request is re-issued through the same helper, since the link's host may be an internal name.
 */
export async function* allPages<I extends { marker?: string }, T>(
  list: (input: I) => Promise<Page>,
  input: I,
  key: string,
): AsyncGenerator<T> {
  let marker = input.marker;
  for (;;) {
    const page = await list({ ...input, marker });
    yield* (page[key] as T[]) ?? [];
    const next = nextMarker(page, key);
    if (!next || next === marker) return;
    marker = next;
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
