/** Python's quote_plus: only A-Z a-z 0-9 _ . - ~ stay as they are; space becomes "+". */
const quotePlus = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, "+");

/**
 * The query string as python-novaclient sends it: keys sorted (or, with `order`, in that order:
 * the few managers that build their URL by hand), repeated keys for lists, urlencoded with
 * quote_plus (`literal`: written with "%s" as those managers do, then requoted by requests).
 * Same requests, same order, so cloud logs and caches agree.
 */
export function serializeQuery(query: Record<string, unknown> | undefined, order?: readonly string[], literal = false): string {
  if (!query) return "";
  const pairs: [string, string][] = [];
  const keys = order ? order.filter((k) => k in query) : Object.keys(query).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([key, String(item)]);
  }
  const encode = literal ? requoteUri : quotePlus;
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}

/** Python's quote(text, safe=''): only A-Z a-z 0-9 _ . - ~ stay as they are. */
export const quoteAll = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * requests' requote_uri: what python-novaclient does to a URL it builds by hand (the Glance
 * name lookup): characters outside the unreserved and reserved sets are percent-encoded, the
 * reserved ones ("&", "#", "?"...) go as they are.
 */
export function requoteUri(text: string): string {
  const quoted = encodeURI(text).replace(/%5B|%5D/g, decodeURIComponent);
  // A "%" stays as it is, unless one starts an invalid escape ("%zz"): then every "%" is encoded.
  return /%(?=[0-9A-Za-z]{2})(?![0-9A-Fa-f]{2})/.test(text) ? quoted : quoted.replace(/%25/g, "%");
}

/**
 * A path parameter inside the path: percent-encoded except for the characters a path segment
 * may hold as they are (RFC 3986 pchar: ":@!$&'()*+,;="), as python-novaclient sends them
 * (hw:cpu_policy, not hw%3Acpu_policy). "/", "?", "#" and "%" stay encoded, so a name can never
 * reach another path.
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%(3A|40|24|26|2B|2C|3B|3D)/gi, (escape) => decodeURIComponent(escape));
}

/** Fills the {placeholders} of a URL template with encoded path parameters. */
export function serializePath(url: string, params: Record<string, unknown>, encode: (value: string) => string = encodePathSegment): string {
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : encode(String(params[name]))));
}
