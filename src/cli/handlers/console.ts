import type { OperationId } from "../../../generated/operations.js";
import { NovaClientError } from "../../core/errors.js";
import { inRange } from "../../core/version.js";
import type { CommandHandler, Input } from "../context.js";

/** Before 2.6, the server action of each console type (python-novaclient's CONSOLE_TYPE_ACTION_MAPPING). */
const ACTIONS: Record<string, string> = {
  novnc: "os-getVNCConsole",
  xvpvnc: "os-getVNCConsole",
  "spice-html5": "os-getSPICEConsole",
  "rdp-html5": "os-getRDPConsole",
  serial: "os-getSerialConsole",
};

/** From 2.6, the protocol of each console type (CONSOLE_TYPE_PROTOCOL_MAPPING; webmks from 2.8). */
const PROTOCOLS: Record<string, string> = { novnc: "vnc", xvpvnc: "vnc", "spice-html5": "spice", "rdp-html5": "rdp", serial: "serial", webmks: "mks" };

/**
 * get-vnc/spice/rdp/serial-console: the console type given decides the request, whichever
 * command it is given to (get-vnc-console <server> spice-html5 asks for a SPICE console): the
 * action before 2.6, the protocol from 2.6; a type python-novaclient does not know is its
 * UnsupportedConsoleType, before any request for it. The vocabulary places values, it does not
 * choose an operation or a second field by a value.
 */
const consoleHandler: CommandHandler = {
  call: (ctx, input) => {
    const body = input.body as { type?: string; remote_console?: { type: string; protocol?: string } };
    const remote = body.remote_console;
    const type = remote ? remote.type : String(body.type);
    const unsupported = () => new NovaClientError("UnsupportedConsoleType", type);
    if (!remote) {
      const action = ACTIONS[type];
      if (!action) throw unsupported();
      return ctx.call(input, `serverAction.${action}` as OperationId);
    }
    const protocol = PROTOCOLS[type];
    if (!protocol || (type === "webmks" && !inRange(ctx.version, "2.8"))) throw unsupported();
    const sent: Input = { ...input, body: { remote_console: { protocol, type } } };
    return ctx.call(sent);
  },
};
export default consoleHandler;
