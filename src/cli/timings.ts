import type { NovaClient } from "../resources/nova-client.js";
import { pyFloat } from "../text/python.js";
import { formatList } from "./print.js";

/**
 * --timings as python-novaclient prints it: first "auth_url <url>" with the time taken to set
 * up authentication (`auth`, when there was Keystone), then each request of the command
 * (the version discovery is not one), then the total.
 */
export function formatTimings(nova: NovaClient, auth?: { url: string; seconds: number }): string {
  const base = nova.endpoint.replace(/\/+$/, "");
  // Requests to Compute and to Glance are shown relative to their endpoint, others in full.
  const bases = [base, nova.serviceUrl("image")?.replace(/\/+$/, "")].filter((b): b is string => Boolean(b));
  const rows = auth ? [{ url: `auth_url ${auth.url}`, seconds: auth.seconds }] : [];
  for (const t of nova.traffic.timings) {
    const url = t.url.replace(/\/+$/, "");
    if (url === base) continue;
    const from = bases.find((b) => url.startsWith(`${b}/`));
    rows.push({ url: `${t.method} ${from ? url.slice(from.length) : url}`, seconds: t.seconds });
  }
  rows.push({ url: "Total", seconds: rows.reduce((sum, r) => sum + r.seconds, 0) });
  return formatList(rows, [
    { header: "url", text: (r) => String(r.url) },
    { header: "seconds", text: (r) => pyFloat(Number(r.seconds)) },
  ]);
}
