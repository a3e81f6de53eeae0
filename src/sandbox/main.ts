#!/usr/bin/env node
/** nova-sandbox: runs the sandbox cloud until interrupted and prints how to point `nova` at it. */
import { parseArgs } from "node:util";
import { startSandbox } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "max-version": { type: "string" },
    servers: { type: "string", default: "0" },
    // Pages of this origin ("*": any) may call the sandbox from a browser.
    "cors-origin": { type: "string", multiple: true },
  },
});
const sandbox = await startSandbox({ port: Number(values.port), maxVersion: values["max-version"], servers: Number(values.servers), corsOrigins: values["cors-origin"] });
console.log(`export OS_AUTH_URL=${sandbox.authUrl} OS_USERNAME=admin OS_PASSWORD=secret OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
