import type { CliPoll } from "../../generated/commands.js";
import { NovaClientError } from "../core/errors.js";
import type { NovaClient } from "../resources/nova-client.js";
import type { Io } from "./context.js";

/** python-novaclient's poll_period: the wait between two looks at the server. */
export const POLL_SECONDS = 5;

/**
 * --poll: python-novaclient's _poll_for_status. Progress goes out as it does ("\rServer building...
 * 40% complete", no newline), then "Finished", or its error on ERROR or a deleted server.
 */
export async function pollServer(nova: NovaClient, poll: CliPoll, serverId: string, io: Io, sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000))): Promise<void> {
  const fetch = async () => ((await nova.call("showServer", { server_id: serverId })) as { server: Record<string, unknown> }).server;
  await pollRecord(fetch, poll, io, sleep);
}

/** _poll_for_status on any record (a server, or image-create's Glance image): `fetch` reads it again. */
export async function pollRecord(fetch: () => Promise<Record<string, unknown>>, poll: CliPoll, io: Io, sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000))): Promise<void> {
  const progress = (p: unknown) => (poll.progress === false ? `\rServer ${poll.action}...` : `\rServer ${poll.action}... ${String(p || 0)}% complete`);
  io.write("\n");
  for (;;) {
    const server = await fetch();
    const status = String(server.status ?? "").toLowerCase();
    if (poll.until.includes(status)) {
      io.write(progress(100));
      io.out("\nFinished");
      return;
    }
    if (status === "error") {
      io.out(`\nError ${poll.action} server`);
      throw new NovaClientError("ResourceInErrorState", `<Server: ${String(server.name)}>`);
    }
    if (status === "deleted") {
      io.out(`\nDeleted ${poll.action} server`);
      throw new NovaClientError("InstanceInDeletedState", String((server.fault as { message?: string } | undefined)?.message ?? ""));
    }
    io.write(progress(server.progress));
    await sleep(POLL_SECONDS);
  }
}
