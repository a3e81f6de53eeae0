import type { OpenAPI3 } from "openapi-typescript";
import { branches, replySchema } from "./cli-targets.js";
import type { Extended, Tables } from "./tables.js";

/**
 * A method that pages through a list helper: the reply's list, its "next" links (none: the list
 * pages by offset), all at once or one by one.
 */
export interface PagerEntry {
  helper: string;
  items: string;
  links?: string;
  collect: boolean;
}

/** list: listAll and iterate; listSummary: listSummaryAll and iterateSummary; search: searchAll and iterateSearch. */
export function pagerNames(method: string): { all: string; each: string } {
  const rest = method.replace(/^list/, "");
  return { all: `${method}All`, each: `iterate${rest.charAt(0).toUpperCase()}${rest.slice(1)}` };
}

/**
 * The list of a reply and the key of its "next" links: the array `<key>` beside `<key>_links`
 * (servers, flavors, keypairs...), or the one array beside `links` (instance actions).
 */
function pagedList(doc: OpenAPI3, schema: Extended | undefined): { items: string; links: string } | undefined {
  const props = Object.assign({}, ...branches(doc, schema).map((s) => s.properties ?? {})) as Record<string, Extended>;
  const lists = Object.keys(props).filter((k) => !k.endsWith("links") && branches(doc, props[k]).some((s) => [s.type].flat().includes("array")));
  const linked = lists.filter((k) => `${k}_links` in props);
  if (linked.length === 1) return { items: linked[0]!, links: `${linked[0]}_links` };
  if (linked.length === 0 && lists.length === 1 && "links" in props) return { items: lists[0]!, links: "links" };
  return undefined;
}

/** The one array of a reply paged by offset (server groups, volume attachments...). */
function offsetList(doc: OpenAPI3, schema: Extended | undefined): { items: string } | undefined {
  const props = Object.assign({}, ...branches(doc, schema).map((s) => s.properties ?? {})) as Record<string, Extended>;
  const lists = Object.keys(props).filter((k) => branches(doc, props[k]).some((s) => [s.type].flat().includes("array")));
  return lists.length === 1 ? { items: lists[0]! } : undefined;
}

/**
 * The pagers of the helpers that list page by page: a GET that takes a `marker` and answers a
 * list with "next" links, or one that takes `limit` and `offset`. The marker is what the next
 * request needs, so a reply with links but no marker to give back (hypervisor search) is one
 * page, not a pager.
 */
export function buildPagers(doc: OpenAPI3, tables: Tables): Tables["pagers"] {
  const pagers: Tables["pagers"] = {};
  for (const [resource, methods] of Object.entries(tables.helpers)) {
    for (const [method, id] of Object.entries(methods)) {
      const op = tables.operations[id]!;
      if (op.method !== "get") continue;
      const reply = replySchema(doc, tables, id);
      const list = op.query.includes("marker") ? pagedList(doc, reply) : op.query.includes("offset") && op.query.includes("limit") ? offsetList(doc, reply) : undefined;
      if (!list) continue;
      const { all, each } = pagerNames(method);
      for (const [name, collect] of [[all, true], [each, false]] as const) {
        const taken = methods[name] ? `the helper of ${methods[name]}` : pagers[resource]?.[name] ? `the pager of ${pagers[resource][name].helper}` : undefined;
        if (taken) throw new Error(`${id}: its pager ${resource}.${name} is already ${taken}`);
        (pagers[resource] ??= {})[name] = { helper: method, ...list, collect };
      }
    }
  }
  return pagers;
}
