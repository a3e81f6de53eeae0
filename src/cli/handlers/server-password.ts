import { spawnSync } from "node:child_process";
import { pyReprBytes } from "../../text/python.js";
import type { CommandHandler } from "../context.js";

/**
 * get-password [<private-key>]: the ciphered password, or, with a key file, what python-novaclient's
 * crypto.decrypt_password makes of it: base64-decoded and decrypted by `openssl rsautl`; when that
 * fails, the failure's text followed by the ciphered password.
 */
const serverPassword: CommandHandler = {
  format(ctx, result) {
    const ciphered = String((result as { password?: string } | undefined)?.password ?? "");
    const key = ctx.argv["private-key"];
    if (!key || !ciphered) return ciphered;
    const run = spawnSync("openssl", ["rsautl", "-decrypt", "-inkey", String(key)], { input: Buffer.from(ciphered, "base64") });
    if (run.error) return `${pyError(run.error)}Failed to decrypt:\n${ciphered}`;
    // python raises DecryptionFailure(err) with openssl's stderr bytes: str() of it is their repr.
    if (run.status !== 0) return `${pyReprBytes(run.stderr.toString("utf8"))}Failed to decrypt:\n${ciphered}`;
    return run.stdout.toString("utf8");
  },
};

/** str() of the OSError python's subprocess raises when openssl cannot be started. */
function pyError(err: Error & { code?: string; errno?: number }): string {
  return err.code === "ENOENT" ? "[Errno 2] No such file or directory: 'openssl'" : err.message;
}
export default serverPassword;
