import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  it("is used with --os-cacert naming its certificate, and with --insecure, which warns once", async () => {
    for (const args of [["--os-cacert", fixture("cert.pem")], ["--insecure"]]) {
      const r = await nova([...args, "flavor-list"], env);
      expect(r.stderr, args.join(" ")).toBe(args[0] === "--insecure" ? "InsecureRequestWarning: Unverified HTTPS request is being made to host '127.0.0.1'. Adding certificate verification is strongly advised. See: https://urllib3.readthedocs.io/en/1.26.x/advanced-usage.html#ssl-warnings\n" : "");
      expect(r.stdout).toMatch(/^\| 1 +\| m1\.tiny +\|/m);
    }
    expect(cloud.computeUrl.startsWith("https://")).toBe(true);
  });

  it("refuses a CA bundle that holds no certificate, or a broken one, in one line before any request", async () => {
    const before = cloud.requests.length;
    const broken = join(await mkdtemp(join(tmpdir(), "nova-ts-ca-")), "broken.pem");
    await writeFile(broken, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    for (const [file, reason] of [
      [fixture("key.pem"), "it holds no PEM certificate"],
      [broken, "a certificate in it is not valid"],
    ] as const) {
      const r = await nova(["--os-cacert", file, "flavor-list"], env);
      expect([r.code, r.stdout]).toEqual([1, ""]);
      expect(r.stderr.startsWith(`ERROR (CommandError): Could not read the CA bundle ${file} (--os-cacert): ${reason}`), r.stderr).toBe(true);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    expect(cloud.requests.slice(before)).toEqual([]);
  });

  it("says which CA bundle it cannot read", async () => {
    const r = await nova(["--os-cacert", "/nonexistent/ca.pem", "flavor-list"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("ERROR (CommandError): Could not read the CA bundle /nonexistent/ca.pem (--os-cacert): no such file.\n");
  });
});
