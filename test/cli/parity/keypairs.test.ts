import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasPythonNova } from "../python-nova.js";
import { parity, twinClouds } from "./harness.js";

const pubKey = join(tmpdir(), `nova-ts-parity-${process.pid}.pub`);
writeFileSync(pubKey, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE parity@test\n");
const demo = { OS_USERNAME: "demo", OS_PROJECT_NAME: "demo" };
const demoUser = "6e1f2a3b4c5d4e6f8a9b0c1d2e3f4a5b";

parity("keypairs", [
  { args: ["keypair-list"] },
  { args: ["keypair-list"], env: { OS_COMPUTE_API_VERSION: "2.1" }, title: "keypair-list at 2.1: no Type column" },
  { args: ["keypair-add", "--pub-key", pubKey, "imported"] },
  { args: ["keypair-add", "--pub-key", pubKey, "--key-type", "ssh", "--user", demoUser, "for-demo"] },
  { args: ["keypair-add", "--pub-key", "/nonexistent/key.pub", "nope"], title: "keypair-add: an unreadable --pub-key is python's CommandError" },
  { args: ["keypair-add", "--pub-key", pubKey, "imported"], title: "keypair-add: a name in use is Nova's 409" },
  { args: ["keypair-add", "--pub-key", pubKey, "old-style"], env: { OS_COMPUTE_API_VERSION: "2.1" }, title: "keypair-add at 2.1: no type in the body" },
  { args: ["keypair-add", "--pub-key", pubKey, "--key-type", "x509", "bad-cert"], title: "keypair-add: a key that is no certificate is Nova's 400" },
  { args: ["keypair-list", "--limit", "2", "--marker", "admin-ssh"] },
  { args: ["keypair-list", "--user", demoUser] },
  { args: ["keypair-show", "imported"] },
  { args: ["keypair-show", "--user", demoUser, "for-demo"] },
  { args: ["keypair-show", "missing"], title: "keypair-show of a missing key pair at 2.10+: Nova's 404" },
  { args: ["keypair-show", "admin-x509"], env: { OS_COMPUTE_API_VERSION: "2.9" }, title: "keypair-show before 2.10: found by name first" },
  { args: ["keypair-show", "missing"], env: { OS_COMPUTE_API_VERSION: "2.9" }, title: "keypair-show before 2.10: find_resource's requests and message" },
  { args: ["keypair-delete", "missing"], env: { OS_COMPUTE_API_VERSION: "2.9" } },
  { args: ["keypair-delete", "old-style"], env: { OS_COMPUTE_API_VERSION: "2.9" } },
  { args: ["keypair-delete", "--user", demoUser, "for-demo"] },
  { args: ["keypair-delete", "imported"] },
  { args: ["keypair-list", "--user", demoUser], env: demo, title: "keypair-list --user as a member: Nova's 403" },
  { args: ["keypair-list"] },
]);

// Nova makes up a new private key each time: the two clouds cannot print the same one.
describe.skipIf(!hasPythonNova)("keypair-add without --pub-key", () => {
  const twins = twinClouds();
  it("prints the private key Nova generated, as python-novaclient does", async () => {
    const { python, ours } = await twins.both({ args: ["keypair-add", "generated"], env: { OS_COMPUTE_API_VERSION: "2.91" } });
    for (const run of [python, ours]) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n\n$/);
    }
    expect(ours.traffic).toEqual(python.traffic);
  });
  it("at 2.92 sends a null public key, which Nova refuses", async () => {
    const { python, ours } = await twins.both({ args: ["keypair-add", "generated-2"] });
    expect(ours.stderr).toBe(python.stderr);
    expect(ours.code).toBe(python.code);
    expect(ours.traffic).toEqual(python.traffic);
  });
});
