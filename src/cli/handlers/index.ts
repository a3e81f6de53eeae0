import type { CommandHandler } from "../context.js";

type Loader = () => Promise<{ default: CommandHandler }>;

/** The hand-written commands, loaded only when run (x-cli `handler:` names them). */
export const handlers: Record<string, Loader> = {
  "aggregate-set-metadata": () => import("./aggregate-set-metadata.js"),
  "availability-zone-list": () => import("./availability-zone-list.js"),
  console: () => import("./console.js"),
  "flavor-access-list": () => import("./flavor-access-list.js"),
  "flavor-create": () => import("./flavor-create.js"),
  "flavor-key": () => import("./flavor-key.js"),
  "flavor-list": () => import("./flavor-list.js"),
  "flavor-show": () => import("./flavor-show.js"),
  "server-boot": () => import("./server-boot.js"),
  "server-image": () => import("./server-image.js"),
  "keypair-add": () => import("./keypair-add.js"),
  "keypair-show": () => import("./keypair-show.js"),
  "host-servers": () => import("./host-servers.js"),
  "hypervisor-servers": () => import("./hypervisor-servers.js"),
  "limits": () => import("./limits.js"),
  "server-list": () => import("./server-list.js"),
  "server-meta": () => import("./server-meta.js"),
  "server-password": () => import("./server-password.js"),
  "server-rebuild": () => import("./server-rebuild.js"),
  "server-show": () => import("./server-show.js"),
  "server-ssh": () => import("./server-ssh.js"),
  "usage": () => import("./usage.js"),
  "version-list": () => import("./version-list.js"),
};
