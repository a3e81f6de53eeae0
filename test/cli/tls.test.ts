import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { adminEnv, nova } from "./run-cli.js";

// A self-signed certificate for 127.0.0.1 (valid until 2126), made with openssl req -x509.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));

let cloud: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93", tls: { key: readFileSync(fixture("key.pem"), "utf8"), cert: readFileSync(fixture("cert.pem"), "utf8") } });
  env = adminEnv(cloud.authUrl);
});
afterAll(() => cloud?.close());

describe("a cloud behind TLS with its own certificate authority", () => {
  it("is refused by default, in one line", async () => {
    const r = await nova(["flavor-list"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR (ConnectFailure): Unable to establish connection to ${cloud.authUrl}/auth/tokens: self-signed certificate\n`);
  });

  it("is used with --os-cacert naming its certificate, and with --insecure", async () => {
    for (const args of [["--os-cacert", fixture("cert.pem")], ["--insecure"]]) {
      const r = await nova([...args, "flavor-list"], env);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.stdout).toMatch(/^\| 1 +\| m1\.tiny +\|/m);
    }
    expect(cloud.computeUrl.startsWith("https://")).toBe(true);
  });

  it("says which CA bundle it cannot read", async () => {
    const r = await nova(["--os-cacert", "/nonexistent/ca.pem", "flavor-list"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("ERROR (CommandError): Could not read the CA bundle /nonexistent/ca.pem (--os-cacert): no such file.\n");
  });
});
