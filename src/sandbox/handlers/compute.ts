import type { CloudState, FlavorRecord, ServerRecord } from "../state.js";
import { type ComputeNodeRecord, computeServiceOf, computeStore, isUp, zoneOf } from "./stores.js";

// What the compute hosts hold, computed from the servers on them, and the scheduler's choice of host.

/** Nova's reserved_host_memory_mb: the resource tracker counts it as used on every host. */
const RESERVED_HOST_MEMORY_MB = 512;

export interface NodeUsage {
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  running_vms: number;
  current_workload: number;
}

/** The servers on a host; offloaded and unscheduled servers (host "") are on none. */
export const serversOn = (state: CloudState, host: string): ServerRecord[] => [...state.servers.values()].filter((s) => s.host === host);

/** What a compute node's servers use, from their flavors (stopped servers keep their resources, as in Nova). */
export function nodeUsage(state: CloudState, node: ComputeNodeRecord): NodeUsage {
  const used: NodeUsage = { vcpus_used: 0, memory_mb_used: RESERVED_HOST_MEMORY_MB, local_gb_used: 0, running_vms: 0, current_workload: 0 };
  for (const s of serversOn(state, node.host)) {
    const f = state.flavors.get(s.flavor_id);
    used.vcpus_used += f?.vcpus ?? 0;
    used.memory_mb_used += f?.ram ?? 0;
    used.local_gb_used += (f?.disk ?? 0) + (f?.ephemeral ?? 0);
    used.running_vms += 1;
    // Nova's workload: servers with a task under way (building, resizing, migrating, ...).
    if (s.task_state) used.current_workload += 1;
  }
  return used;
}

/** The compute hosts the scheduler may use: an enabled, up nova-compute service with a compute node. */
export function schedulableNodes(state: CloudState): ComputeNodeRecord[] {
  return computeStore(state).nodes.filter((n) => {
    const service = computeServiceOf(state, n.host);
    return service !== undefined && !service.disabled && isUp(service);
  });
}

/**
 * Nova's scheduler in short: of the schedulable hosts in `zone` (any zone when absent) that
 * `allowed` admits and that have the flavor's RAM free, the one with the most free RAM (the RAM
 * weigher spreads servers). Undefined when none fits: "No valid host was found".
 */
export function pickHost(state: CloudState, flavor: FlavorRecord, opts: { zone?: string; allowed?: (host: string) => boolean } = {}): string | undefined {
  let best: { host: string; free: number } | undefined;
  for (const n of schedulableNodes(state)) {
    if (opts.zone !== undefined && zoneOf(state, { binary: "nova-compute", host: n.host }) !== opts.zone) continue;
    if (opts.allowed && !opts.allowed(n.host)) continue;
    const free = n.memory_mb - nodeUsage(state, n).memory_mb_used;
    if (free < flavor.ram) continue;
    if (!best || free > best.free) best = { host: n.host, free };
  }
  return best?.host;
}

/** Nova's get_availability_zones: the zones with an enabled service, and those whose services are all disabled; sorted. */
export function zonesByAvailability(state: CloudState): { available: string[]; unavailable: string[] } {
  const services = computeStore(state).services;
  const available = new Set(services.filter((s) => !s.disabled).map((s) => zoneOf(state, s)));
  const unavailable = new Set(services.filter((s) => s.disabled).map((s) => zoneOf(state, s)).filter((z) => !available.has(z)));
  return { available: [...available].sort(), unavailable: [...unavailable].sort() };
}
