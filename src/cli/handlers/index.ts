import type { CommandHandler } from "../context.js";

type Loader = () => Promise<{ default: CommandHandler }>;

/** The hand-written commands, loaded only when run (x-cli `handler:` names them). */
export const handlers: Record<string, Loader> = {
  "flavor-access-list": () => import("./flavor-access-list.js"),
  "flavor-create": () => import("./flavor-create.js"),
  "flavor-key": () => import("./flavor-key.js"),
  "flavor-list": () => import("./flavor-list.js"),
  "flavor-show": () => import("./flavor-show.js"),
  "server-list": () => import("./server-list.js"),
  "server-show": () => import("./server-show.js"),
  "version-list": () => import("./version-list.js"),
};
