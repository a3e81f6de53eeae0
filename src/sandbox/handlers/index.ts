import type { Handlers } from "../context.js";
import { aggregateHandlers } from "./aggregates.js";
import { deviceHandlers } from "./devices.js";
import { flavorHandlers } from "./flavors.js";
import { hypervisorHandlers } from "./hypervisors.js";
import { instanceActionHandlers } from "./instance-actions.js";
import { keypairHandlers } from "./keypairs.js";
import { migrationHandlers } from "./migrations.js";
import { quotaHandlers } from "./quotas.js";
import { serverActionHandlers } from "./server-actions.js";
import { serverCreateHandlers } from "./server-create.js";
import { serverDataHandlers } from "./server-data.js";
import { serverGroupHandlers } from "./server-groups.js";
import { serverHandlers } from "./servers.js";
import { serviceHandlers } from "./services.js";
import { usageHandlers } from "./usage.js";
import { versionHandlers } from "./versions.js";

/** Every stateful handler of the sandbox, by operation id; the others answer with the spec's example. */
export const handlers: Handlers = {
  ...versionHandlers,
  ...flavorHandlers,
  ...serverHandlers,
  ...serverCreateHandlers,
  ...serverActionHandlers,
  ...serverDataHandlers,
  ...deviceHandlers,
  ...migrationHandlers,
  ...instanceActionHandlers,
  ...keypairHandlers,
  ...serverGroupHandlers,
  ...aggregateHandlers,
  ...quotaHandlers,
  ...serviceHandlers,
  ...hypervisorHandlers,
  ...usageHandlers,
};
