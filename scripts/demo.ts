/**
 * npm run demo: the main job on the embedded sandbox cloud. Starts the sandbox on a free
 * loopback port, runs the built `nova` against it, shows the JSON, and stops the sandbox.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../src/sandbox/index.js";

const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const sandbox = await startSandbox({ maxVersion: "2.93" });
const env = {
  ...process.env,
  OS_AUTH_URL: sandbox.authUrl,
  OS_USERNAME: "admin",
  OS_PASSWORD: "secret",
  OS_PROJECT_NAME: "admin",
  OS_USER_DOMAIN_NAME: "Default",
  OS_PROJECT_DOMAIN_NAME: "Default",
};

/** Runs the built CLI as a user would; the sandbox lives in this process, so never block it. */
async function nova(...args: string[]): Promise<void> {
  console.log(`\n$ nova ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ")}`);
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [cli, ...args], { env, stdio: "inherit" }).on("close", resolve));
  if (code !== 0) throw new Error(`nova ${args.join(" ")} exited ${code}`);
}

try {
  console.log(`Sandbox cloud: Keystone ${sandbox.authUrl}, Nova ${sandbox.computeUrl} (admin / secret)`);
  await nova("flavor-list");
  await nova("flavor-show", "m1.small");
  await nova("list");
  await nova("backup-instance", "web-1", "nightly", "before the upgrade");
  await nova("--json", "backup-instance", "web-1", "weekly");
  await nova("--json", "flavor-show", "m1.tiny");
  console.log(`\nThe sandbox now holds ${sandbox.state.images.size - 1} backups; it stops with this demo.`);
} finally {
  await sandbox.close();
}
