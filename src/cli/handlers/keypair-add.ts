import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { NovaClientError } from "../../core/errors.js";
import { inRange } from "../../core/version.js";
import type { CommandHandler, Input } from "../context.js";

/** Python's str() of the IOError open() raises: "[Errno 2] No such file or directory: 'x'". */
function ioErrorText(err: NodeJS.ErrnoException, path: string): string {
  const known: Record<string, [number, string]> = {
    ENOENT: [2, "No such file or directory"],
    EACCES: [13, "Permission denied"],
    EISDIR: [21, "Is a directory"],
    ENOTDIR: [20, "Not a directory"],
  };
  const [errno, text] = known[err.code ?? ""] ?? [err.errno ? -err.errno : 0, err.message];
  return `[Errno ${errno}] ${text}: '${path}'`;
}

/**
 * keypair-add: --pub-key names a file (os.path.expanduser'd; '-' is standard input) whose text
 * is the public key. Before 2.92 an empty one is left out, so Nova generates the pair; from 2.92
 * python-novaclient always sends it (null without --pub-key, which Nova refuses).
 */
const keypairAdd: CommandHandler = {
  input(ctx, input) {
    const given = ctx.argv["pub-key"] as string | undefined;
    let key: string | null = null;
    if (given) {
      const path = given.replace(/^~(?=$|\/)/, homedir());
      try {
        key = readFileSync(given === "-" ? 0 : path, "utf8");
      } catch (err) {
        throw new NovaClientError("CommandError", `Can't open or read '${given}': ${ioErrorText(err as NodeJS.ErrnoException, path)}`);
      }
    }
    const keypair = ((input.body as Input | undefined)?.keypair ?? {}) as Input;
    if (inRange(ctx.version, "2.92")) keypair.public_key = key;
    else if (key) keypair.public_key = key;
    else delete keypair.public_key;
    return input;
  },
};
export default keypairAdd;
