import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpers } from "../../generated/helpers.js";
import { type OperationId, type OperationSpec, operations } from "../../generated/operations.js";
import { NovaClientError } from "../../src/core/errors.js";
import { type NovaClient, createNovaClient } from "../../src/index.js";
import { adminEnv, nova } from "../cli/run-cli.js";
import { type FaultMode, type FaultServer, startFaultServer } from "./fault-server.js";

let cloud: FaultServer;
beforeAll(async () => {
  cloud = await startFaultServer();
});
afterAll(() => cloud.close());

/** Each malformed reply, and the words that must say what was wrong with it. */
const CASES: [FaultMode, RegExp][] = [
  ["html-200", /^ERROR \(ClientException\): The reply to listFlavorsDetail \(GET \/flavors\/detail\) is not JSON \(it starts "<html>.*\(HTTP 200, text\/html, Request-ID: req-/],
  ["truncated-json", /^ERROR \(ClientException\): The reply to listFlavorsDetail \(GET \/flavors\/detail\) is truncated JSON \(HTTP 200, application\/json/],
  ["null-200", /^ERROR \(ClientException\): The reply to listFlavorsDetail .* is null, not a JSON object/],
  ["empty-200", /^ERROR \(ClientException\): The reply to listFlavorsDetail .* is empty/],
  ["list-not-object", /^ERROR \(ClientException\): The reply to listFlavorsDetail .* is a list, not a JSON object/],
  ["missing-key", /^ERROR \(ClientException\): The reply to listFlavorsDetail does not match the spec: \/ must have required property 'flavors'/],
  ["items-null", /^ERROR \(ClientException\): The reply to listFlavorsDetail does not match the spec: \/flavors\/0 must be object/],
  ["reset-mid-body", /^ERROR \(ConnectFailure\): The connection broke while reading the reply to listFlavorsDetail/],
  ["fault-message-object", /^ERROR \(BadRequest\): \{"detail":"bad flavor"\} \(HTTP 400\)/],
  ["catalog-string", /^ERROR \(ClientException\): The reply to the token request .* `token.catalog` is not a list/],
  ["endpoints-null", /^ERROR \(ClientException\): The reply to the token request .* `token.catalog\[0\].endpoints` is not a list of endpoints/],
  ["version-null", /^ERROR \(ClientException\): The reply to showVersionV21 \(GET \/v2.1\) has no `version` object/],
  ["status-599", /^ERROR \(ClientException\): Network connect timeout error\. \(HTTP 599\)/],
  ["redirect-loop", /^ERROR \(ConnectFailure\): Too many redirects \(more than \d+\) from http:\/\/127\.0\.0\.1:\d+\/compute\/v2\.1\/flavors\/detail\n$/],
  ["slowloris", /^ERROR \(ReadTimeout\): The reply to listFlavorsDetail \(GET \/flavors\/detail\) did not arrive in time\n$/],
  ["big-truncated", /^ERROR \(ClientException\): The reply to listFlavorsDetail \(GET \/flavors\/detail\) is truncated JSON/],
];
/** Every request waits this long at most here (the slowloris never ends its reply). */
const TIMEOUT = 2;
const JS_ERRORS = /TypeError|SyntaxError|RangeError|ReferenceError|\[object Object\]|\n\s+at /;

describe("a reply that is not what the API promises", () => {
  it.each(CASES)("%s: nova flavor-list says what was wrong in one line, exit 1", async (mode, words) => {
    cloud.mode = mode;
    const r = await nova(["--timeout", String(TIMEOUT), "flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(words);
    expect(r.stderr).not.toMatch(JS_ERRORS);
  });

  it.each(CASES.filter(([mode]) => !["missing-key", "items-null"].includes(mode)))("%s: the library throws a NovaClientError", async (mode) => {
    cloud.mode = mode;
    const err = await createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin", timeout: TIMEOUT })
      .then((c) => c.flavors.list())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NovaClientError);
    expect(String((err as Error).message)).not.toMatch(JS_ERRORS);
  });
});

describe("a spoilt reply to any kind of command", () => {
  const modes = CASES.map(([mode]) => mode).filter((mode) => !["catalog-string", "endpoints-null", "version-null"].includes(mode));
  const lines: [string, string[]][] = [
    ["show", ["show", "web-1"]],
    ["delete", ["delete", "web-1"]],
    ["a POST action", ["reboot", "web-1"]],
  ];
  it.each(modes.flatMap((mode) => lines.map(([kind, args]) => [mode, kind, args] as const)))("%s: %s fails in one ERROR line, exit 1", async (mode, kind, args) => {
    cloud.mode = mode;
    const r = await nova(["--timeout", String(TIMEOUT), ...args], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    const errors = r.stderr.trimEnd().split("\n");
    expect(errors, r.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/^ERROR \(\w+\): \S/);
    // delete reports each server's failure on stdout first, as python-novaclient's do_action_on_many does.
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(kind === "delete" ? 1 : 0);
    expect(r.stdout + r.stderr).not.toMatch(JS_ERRORS);
  });
});

describe("a token refused by Compute (401)", () => {
  const tokens = () => cloud.hits.filter((h) => h.endsWith("/auth/tokens")).length;
  const flavorCalls = () => cloud.hits.filter((h) => h.includes("/flavors/")).length;

  it("is renewed once without a cache, and the call retried: success", async () => {
    cloud.mode = "401-once";
    cloud.hits.length = 0;
    const r = await nova(["flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("m1.tiny");
    expect([tokens(), flavorCalls()]).toEqual([2, 2]);
  });

  it("refused again after the renewal is Unauthorized, after exactly one retry", async () => {
    cloud.mode = "401-always";
    cloud.hits.length = 0;
    const r = await nova(["flavor-list"], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR \(Unauthorized\): The request you have made requires authentication\. \(HTTP 401\)/);
    expect([tokens(), flavorCalls()]).toEqual([2, 2]);
  });

  it("given with --os-token cannot be renewed, and the error says so", async () => {
    cloud.mode = "401-always";
    cloud.hits.length = 0;
    const r = await nova(["--os-token", "gAAAAmine", "--bypass-url", cloud.authUrl.replace("/identity/v3", "/compute/v2.1"), "flavor-list"], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR \(Unauthorized\): .* The token given \(--os-token, env\[OS_TOKEN\]\) was refused and cannot be renewed\./);
    expect([tokens(), flavorCalls()]).toEqual([0, 1]);
  });

  it("in the library: concurrent refusals share one renewal", async () => {
    const client = await createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin" });
    cloud.hits.length = 0;
    cloud.mode = "401-once";
    // The fault server refuses only the first flavors call; the others succeed with the old token.
    const lists = await Promise.all([client.flavors.list(), client.flavors.list(), client.flavors.list()]);
    expect(lists.map((l) => l.flavors.length)).toEqual([1, 1, 1]);
    expect(tokens()).toBe(1);
  });
});

describe("text from the cloud with terminal control characters", () => {
  it("is printed escaped, in tables and in error messages alike", async () => {
    cloud.mode = "escapes";
    const list = await nova(["flavor-list"], adminEnv(cloud.authUrl));
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("m1.\\x1b[2Jtiny\\x07");
    const show = await nova(["flavor-show", "x"], adminEnv(cloud.authUrl));
    expect(show.code).toBe(1);
    expect(show.stderr).toContain("could not be found.\\x1b[2J password: ");
    for (const r of [list, show]) expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});

describe("run-on-many past a malformed reply", () => {
  it("delete a1 bad c1 deletes a1 and c1, reports bad in one line, exits 1", async () => {
    cloud.mode = "servers";
    cloud.hits.length = 0;
    const r = await nova(["delete", "a1", "bad", "c1"], adminEnv(cloud.authUrl));
    expect(r.code).toBe(1);
    expect(cloud.hits.filter((h) => h.startsWith("DELETE"))).toEqual(["DELETE /compute/v2.1/servers/00000000-0000-0000-0000-0000000000a1", "DELETE /compute/v2.1/servers/00000000-0000-0000-0000-0000000000c1"]);
    expect(r.stdout).toMatch(/^Request to delete server a1 has been accepted\.\nb'The reply to .* is not JSON .*'\nRequest to delete server c1 has been accepted\.\n$/);
    expect(r.stderr).toBe("ERROR (CommandError): Unable to delete the specified server(s).\n");
  });
});

describe("a reply of the wrong shape after a success status", () => {
  it("backup-instance: a 200 without the image's id is one error line and exit 1, not silence", async () => {
    cloud.mode = "servers";
    const r = await nova(["backup-instance", "a1", "nightly"], adminEnv(cloud.authUrl));
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^ERROR \(ClientException\): The reply to backupInstance does not match the spec: \/ must have required property 'id'.*\n$/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("a spoilt reply to any of the library's helpers", () => {
  /** Every generated helper, called through its resource (client.servers.reboot(...)), with made-up ids. */
  const calls = Object.entries(helpers).flatMap(([resource, methods]) =>
    Object.entries(methods)
      .map(([method, id]) => ({ resource, method, spec: operations[id as OperationId] as OperationSpec }))
      // The fault server speaks up to 2.93, as Nova 26 does.
      .filter(({ spec }) => !spec.root && !spec.removed && Number(spec.min.split(".")[1]) <= 93),
  );
  const input = (spec: OperationSpec): Record<string, unknown> => ({
    ...Object.fromEntries([...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, "x"])),
    ...(spec.method === "post" || spec.method === "put" ? { body: {} } : {}),
  });
  // One client per microversion an operation needs: each is called where its range says it exists.
  const clients = new Map<string, Promise<NovaClient>>();
  const clientAt = (version: string) => {
    if (!clients.has(version)) clients.set(version, createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin", microversion: version, timeout: TIMEOUT }));
    return clients.get(version)!;
  };

  it.each(["html-200", "truncated-json", "null-200", "list-not-object", "reset-mid-body", "fault-message-object", "status-599"] as const)(
    "%s: each of the helpers sends its request and throws a one-line NovaClientError",
    async (mode) => {
      expect(calls.length).toBeGreaterThan(150);
      for (const { resource, method, spec } of calls) {
        const version = spec.max && Number(spec.max.split(".")[1]) < 93 ? spec.max : "2.93";
        const client = await clientAt(version);
        cloud.mode = mode;
        const sent = cloud.hits.length;
        const bound = (client as unknown as Record<string, Record<string, (input: object) => Promise<unknown>>>)[resource]![method]!;
        const err = await bound(input(spec)).then(
          () => new Error("it resolved"),
          (e: unknown) => e,
        );
        cloud.mode = "none";
        const name = `${resource}.${method} at ${version}`;
        expect(err, `${name}: ${String(err)}`).toBeInstanceOf(NovaClientError);
        expect((err as Error).message, name).not.toMatch(JS_ERRORS);
        expect((err as Error).message, name).not.toContain("\n");
        expect(cloud.hits.slice(sent).some((h) => h.startsWith(`${spec.method.toUpperCase()} /compute/v2.1/`)), `${name} sent nothing`).toBe(true);
      }
    },
  );
});
