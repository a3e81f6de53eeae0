import type { NovaClient } from "../resources/nova-client.js";
import { pyFloat } from "../text/python.js";
import { formatList } from "./print.js";

/** --timings: each request of the command with its seconds, then the total. */
export function formatTimings(nova: NovaClient): string {
  const base = nova.endpoint.replace(/\/+$/, "");
  const rows = nova.traffic.timings.map((t) => ({ url: `${t.method} ${t.url.startsWith(base) ? t.url.slice(base.length) : t.url}`, seconds: t.seconds }));
  rows.push({ url: "Total", seconds: rows.reduce((sum, r) => sum + r.seconds, 0) });
  return formatList(rows, [
    { header: "url", text: (r) => String(r.url) },
    { header: "seconds", text: (r) => pyFloat(Number(r.seconds)) },
  ]);
}
