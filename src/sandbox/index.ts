export { type Sandbox, type SandboxOptions, type SeenRequest, startSandbox } from "./server.js";
export type { Handler, Handlers, Reply, RequestContext } from "./context.js";
export { Fault } from "./faults.js";
