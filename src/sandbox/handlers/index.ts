import type { Handlers } from "../context.js";
import { flavorHandlers } from "./flavors.js";
import { serverHandlers } from "./servers.js";
import { versionHandlers } from "./versions.js";

/** Every stateful handler of the sandbox, by operation id. */
export const handlers: Handlers = { ...versionHandlers, ...flavorHandlers, ...serverHandlers };
