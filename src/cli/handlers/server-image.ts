import { inRange } from "../../core/version.js";
import type { CommandHandler } from "../context.js";
import { POLL_SECONDS, pollRecord } from "../poll.js";

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/**
 * image-create and backup: the action, then the new image's id from the reply (2.45+) or its
 * Location header (before); image-create --poll follows the image in Glance ("Server
 * snapshotting...") and then, silently, the server until its task is over; the image is fetched
 * from Glance to be printed for image-create --show and for backup from 2.45, as
 * python-novaclient does.
 */
const serverImage: CommandHandler = {
  async call(ctx, input) {
    const reply = (await ctx.call(input)) as { image_id?: string; location?: string } | undefined;
    const id = reply?.image_id ?? reply?.location?.split("/").pop() ?? "";
    if (ctx.argv.poll) {
      await pollRecord(async () => (await ctx.nova.glance.find(id)) as unknown as Record<string, unknown>, { action: "snapshotting", until: ["active"] }, ctx.io);
      for (;;) {
        // Not ctx.call: the server found by name must be read again, not taken from the lookup.
        const { server } = (await ctx.nova.call("showServer", { server_id: String(input.server_id) })) as { server: Record<string, unknown> };
        if (server["OS-EXT-STS:task_state"] === undefined || server["OS-EXT-STS:task_state"] === null) break;
        await sleep(POLL_SECONDS);
      }
    }
    const show = ctx.spec.name === "backup" ? inRange(ctx.version, "2.45") : Boolean(ctx.argv.show);
    return show ? ctx.nova.glance.find(id) : undefined;
  },
};
export default serverImage;
