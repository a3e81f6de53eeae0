import { NovaClientError } from "../../core/errors.js";
import { inRange } from "../../core/version.js";
import type { CommandHandler, Input } from "../context.js";
import { base64Text, envCertificates, metaParsing, personality, readText } from "./server-boot.js";

const error = (message: string) => new NovaClientError("CommandError", message);

/**
 * rebuild: python-novaclient's do_rebuild and servers.rebuild: the image found in Glance, then the
 * body with what was given (description always from 2.19, null when not given; the --*-unset
 * options send null and refuse their counterpart).
 */
const serverRebuild: CommandHandler = {
  async input(ctx, input): Promise<Input> {
    const a = ctx.argv;
    const v = ctx.version;
    const image = await ctx.nova.glance.find(String(a.image));
    const body: Record<string, unknown> = { imageRef: image.id };
    if (a["rebuild-password"] !== undefined) body.adminPass = String(a["rebuild-password"]);
    if (a["preserve-ephemeral"]) body.preserve_ephemeral = true;
    if (a.name !== undefined) body.name = String(a.name);
    if (inRange(v, "2.19")) body.description = a.description ?? null;
    const meta = metaParsing(a.meta);
    if (!inRange(v, "2.57")) {
      const files = personality(a.file);
      if (files.length) body.personality = files;
    } else if (a["user-data-unset"]) {
      if (a["user-data"]) throw error("Cannot specify '--user-data-unset' with '--user-data'.");
      body.user_data = null;
    } else if (a["user-data"]) body.user_data = base64Text(readText(String(a["user-data"])));
    if (inRange(v, "2.54")) {
      if (a["key-unset"]) {
        if (a["key-name"]) throw error("Cannot specify '--key-unset' with '--key-name'.");
        body.key_name = null;
      } else if (a["key-name"]) body.key_name = a["key-name"];
    }
    if (inRange(v, "2.63")) {
      const given = [a["trusted-image-certificate-id"] ?? []].flat().map(String);
      const certs = given.length ? given : envCertificates(ctx);
      if (a["trusted-image-certificates-unset"]) {
        if (certs?.length) throw error("Cannot specify '--trusted-image-certificates-unset' with '--trusted-image-certificate-id' or with OS_TRUSTED_IMAGE_CERTIFICATE_IDS env variable set.");
        body.trusted_image_certificates = null;
      } else if (certs?.length) body.trusted_image_certificates = certs;
    } else envCertificates(ctx);
    if (a.hostname !== undefined) body.hostname = a.hostname;
    if (Object.keys(meta).length) body.metadata = meta;
    return { server_id: input.server_id, body };
  },
};
export default serverRebuild;
