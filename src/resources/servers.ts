import type { CallResult } from "../client/call-types.js";
import { NovaClientError, isNotFound } from "../core/errors.js";
import type { BoundHelpers } from "./bind.js";
import { type Call, findWith } from "./find.js";

/** A server as showServer (`servers.get`) answers it at microversion V. */
type Server<V extends string = "2.latest"> = CallResult<"showServer", V> extends { server: infer S } ? S : never;

export interface WaitOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Time between polls (default 2 s). */
  intervalMs?: number;
  /** Statuses that mean it will not get there (default ERROR). */
  failOn?: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Server helpers that add logic to the generated calls, typed at V like the helpers they call. */
export interface ServerExtras<V extends string = "2.latest"> {
  /** A server by UUID or exact name (several with that name: an error asking for the id). */
  find(nameOrId: string, filters?: { all_tenants?: string }): Promise<Server<V>>;
  /** Polls until the server reaches one of `statuses` (e.g. "ACTIVE"); errors on ERROR or timeout. */
  waitFor(server_id: string, statuses: string | readonly string[], options?: WaitOptions): Promise<Server<V>>;
  /** Polls until the server is gone (its GET answers 404). */
  waitForDeletion(server_id: string, options?: Omit<WaitOptions, "failOn">): Promise<void>;
}

/** Server lookups and waits over the generated calls. */
export function serverExtras(h: BoundHelpers, call: Call): ServerExtras {
  return {
    find: async (nameOrId, filters = {}) => (await findWith(call, "servers", nameOrId, filters)).record as unknown as Server,
    async waitFor(server_id, statuses, options = {}) {
      const wanted = [statuses].flat();
      const { timeoutMs = 600_000, intervalMs = 2_000, failOn = ["ERROR"] } = options;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { server } = await h.servers.get({ server_id });
        if (wanted.includes(server.status)) return server;
        if (failOn.includes(server.status)) {
          const reason = server.fault?.message ? `: ${server.fault.message}` : "";
          throw new NovaClientError("ServerError", `Server ${server_id} went to ${server.status} instead of ${wanted.join(" or ")}${reason}`);
        }
        if (Date.now() + intervalMs > deadline) {
          throw new NovaClientError("Timeout", `Server ${server_id} is still ${server.status} after ${timeoutMs / 1000} s (waiting for ${wanted.join(" or ")})`);
        }
        await sleep(intervalMs);
      }
    },
    async waitForDeletion(server_id, options = {}) {
      const { timeoutMs = 600_000, intervalMs = 2_000 } = options;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const { server } = await h.servers.get({ server_id });
          if (Date.now() + intervalMs > deadline) {
            throw new NovaClientError("Timeout", `Server ${server_id} is still ${server.status} after ${timeoutMs / 1000} s (waiting for it to be deleted)`);
          }
        } catch (err) {
          if (isNotFound(err)) return;
          throw err;
        }
        await sleep(intervalMs);
      }
    },
  };
}
