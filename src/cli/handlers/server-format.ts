import type { Row } from "../print.js";

const POWER_STATES = ["NOSTATE", "Running", "", "Paused", "Shutdown", "", "Crashed", "Suspended"];

/** Power state as python-novaclient names it (N/A when the field is absent). */
export function powerStateText(row: Row): string {
  const state = row["OS-EXT-STS:power_state"];
  if (typeof state !== "number") return "N/A";
  return POWER_STATES.at(state) ?? "";
}

/** Server.networks: addresses by network label, labels sorted. */
export function networksOf(row: Row): [string, string[]][] {
  const addresses = (row.addresses ?? {}) as Record<string, { addr: string }[]>;
  return Object.keys(addresses)
    .sort()
    .map((label) => [label, addresses[label]!.map((a) => a.addr)]);
}

/** The Networks column: "private=10.0.0.5, fd00::5; public=172.24.4.10". */
export function networksText(row: Row): string {
  return networksOf(row)
    .filter(([, addrs]) => addrs.length > 0)
    .map(([label, addrs]) => `${label}=${addrs.join(", ")}`)
    .join("; ");
}
