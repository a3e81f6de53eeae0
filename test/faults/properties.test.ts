/**
 * Property tests (fast-check): whatever the command line, and whatever a cloud answers, a
 * failure is one line of ours, never a JavaScript error, a stack trace or a secret.
 */
import fc from "fast-check";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../generated/commands.js";
import { run } from "../../src/cli/run.js";
import { NovaClientError } from "../../src/core/errors.js";
import { createNovaClient } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";

const JS_ERRORS = /\b(TypeError|SyntaxError|RangeError|ReferenceError|EvalError|URIError|AggregateError)\b|\[object Object\]|\n\s+at /;

/**
 * Commands that wait on a person or on a program of the system (prompts, stdin, ssh, openssl),
 * and --poll (five seconds a look), are left out: the rest run in this process, a thousand times.
 */
const WAITING = new Set(["set-password", "ssh", "get-password", "keypair-add"]);
const runnable = [...new Set(commands.map((c) => c.name))].filter((n) => !WAITING.has(n));

/** Option words of a command, over all its variants (values come from the word pool). */
function optionWords(name: string): string[] {
  const words = new Set<string>();
  for (const c of commands.filter((d) => d.name === name)) for (const a of [...c.args.filter((x) => x.option), ...c.options]) if (a.name !== "poll") words.add(`--${a.name}`);
  return [...words];
}

const GLOBAL_WORDS = ["--debug", "--timings", "--json", "--os-compute-api-version", "--timeout", "--retries", "--os-region-name", "--os-endpoint-type"];
const names = fc.constantFrom("web-1", "db-1", "demo-vm", "m1.tiny", "cirros", "sandbox", "sandbox-2", "az1", "default", "admin-ssh", "1", "2.1", "2.latest", "2.93");
const huge = fc.constantFrom("9".repeat(400), "1e309", "-1", "0", "2147483648", "9223372036854775808", "NaN", "Infinity", "0x10", "", " ", "-", "--", "=", "a=b", "k=", "=v");
const text = fc.oneof(fc.string({ maxLength: 40, unit: "grapheme" }), fc.string({ maxLength: 20, unit: "binary" }), fc.constantFrom("\u001b[2J", "\u0000", "\r\n", "\u202e", "名前", "🙂", "%zz", "../..", "$(id)"));

/** One command line: a command of the table, then its options, globals and values in any order. */
const commandLine = fc.constantFrom(...runnable).chain((name) => {
  const own = optionWords(name);
  const word = fc.oneof({ weight: 3, arbitrary: own.length ? fc.constantFrom(...own) : names }, { weight: 3, arbitrary: names }, { weight: 2, arbitrary: huge }, { weight: 2, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...GLOBAL_WORDS) });
  return fc.tuple(fc.array(fc.constantFrom(...GLOBAL_WORDS.slice(0, 3)), { maxLength: 1 }), fc.array(word, { maxLength: 6 })).map(([before, after]) => [...before, name, ...after]);
});

let cloud: Sandbox;
let token: string;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
  const r = await fetch(`${cloud.authUrl}/auth/tokens`, {
    method: "POST",
    body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: "admin", domain: { id: "default" }, password: "secret" } } }, scope: { project: { name: "admin", domain: { id: "default" } } } } }),
  });
  token = r.headers.get("x-subject-token")!;
});
afterAll(() => cloud?.close());

describe("any command line over the real command table", () => {
  it("exits 0, 1 or 2 with at most one ERROR line, no JavaScript error or stack trace without --debug, never the token (1,000 lines)", { timeout: 600_000 }, async () => {
    // Token auth: the token is the secret that must never be printed, --debug included.
    const env = { OS_AUTH_URL: cloud.authUrl, OS_TOKEN: token, OS_PROJECT_NAME: "admin", OS_PROJECT_DOMAIN_NAME: "Default" };
    await fc.assert(
      fc.asyncProperty(commandLine, async (argv) => {
        let out = "";
        let err = "";
        const code = await run(argv, { out: (t) => (out += `${t}\n`), write: (t) => (out += t), err: (t) => (err += `${t}\n`), env }).catch((e: unknown) => {
          throw new Error(`nova ${JSON.stringify(argv)} threw ${String(e)}`);
        });
        const all = out + err;
        expect([0, 1, 2], JSON.stringify(argv)).toContain(code);
        // --debug may add a stack trace (and its error's class name); nothing else may.
        if (!argv.includes("--debug")) expect(all, JSON.stringify(argv)).not.toMatch(JS_ERRORS);
        expect(all.includes(token), JSON.stringify(argv)).toBe(false);
        expect(err.split("\n").filter((l) => l.startsWith("ERROR")).length, JSON.stringify(argv)).toBeLessThanOrEqual(1);
        if (code === 1 && !argv.includes("--debug")) expect(err, JSON.stringify(argv)).toMatch(/^ERROR \(\w+\): /m);
      }),
      { numRuns: 1000, seed: 20261202 },
    );
  });
});

/** A Keystone and a Nova whose every compute reply is the body a property gives it. */
async function startReplyServer(): Promise<{ authUrl: string; reply: { status: number; type: string; body: string }; close(): Promise<void> }> {
  const reply = { status: 200, type: "application/json", body: "{}" };
  let base = "";
  const server: Server = createServer((req, res) => {
    req.resume();
    if (req.url === "/identity/v3/auth/tokens") {
      const catalog = [{ type: "compute", name: "nova", endpoints: [{ interface: "public", region: "RegionOne", region_id: "RegionOne", url: `${base}/compute/v2.1` }] }];
      return res.writeHead(201, { "Content-Type": "application/json", "X-Subject-Token": "gAAAApropertytoken" }).end(JSON.stringify({ token: { expires_at: "2999-01-01T00:00:00Z", catalog, user: { id: "u" }, project: { id: "p" } } }));
    }
    if (req.url === "/compute/v2.1" || req.url === "/compute/v2.1/") return res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ version: { id: "v2.1", status: "CURRENT", version: "2.93", min_version: "2.1" } }));
    res.writeHead(reply.status, { "Content-Type": reply.type }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { authUrl: `${base}/identity/v3`, reply, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** JSON that is nearly what Nova sends, and not: the right keys with any values, or anything at all. */
const nearly = (key: string) =>
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify({ [key]: v })),
    fc.array(fc.dictionary(fc.constantFrom("id", "name", "ram", "status", "links", "flavor", "image"), fc.jsonValue()), { maxLength: 3 }).map((items) => JSON.stringify({ [key]: items })),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
    fc.constantFrom("", "null", "{", "<html>oops</html>", '{"a":1}{"b":2}', "\u0000"),
  );

describe("any reply body", () => {
  let cloud: Awaited<ReturnType<typeof startReplyServer>>;
  beforeAll(async () => {
    cloud = await startReplyServer();
  });
  afterAll(() => cloud?.close());

  const kinds = [
    { kind: "a list", key: "flavors", call: (c: Awaited<ReturnType<typeof createNovaClient>>) => c.flavors.list() },
    { kind: "a record", key: "server", call: (c: Awaited<ReturnType<typeof createNovaClient>>) => c.servers.get({ server_id: "x" }) },
    { kind: "an action", key: "output", call: (c: Awaited<ReturnType<typeof createNovaClient>>) => c.call("serverAction.os-getConsoleOutput", { server_id: "x", body: { length: 5 } } as never) },
  ] as const;

  for (const { kind, key, call } of kinds) {
    it(`${kind}: the library returns or throws a NovaClientError (or its NovaApiError) of one line, at any status (1,000 bodies)`, { timeout: 600_000 }, async () => {
      const client = await createNovaClient({ authUrl: cloud.authUrl, username: "u", password: "p", projectName: "p" });
      await fc.assert(
        fc.asyncProperty(nearly(key), fc.constantFrom(200, 200, 200, 400, 404, 409, 500, 503), fc.constantFrom("application/json", "text/html", "text/plain; charset=utf-8"), async (body, status, type) => {
          Object.assign(cloud.reply, { status, type, body });
          const outcome = await call(client).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (outcome === undefined) return;
          expect(outcome, String(outcome)).toBeInstanceOf(NovaClientError);
          const message = (outcome as Error).message;
          expect(message).not.toMatch(JS_ERRORS);
          expect(message).not.toContain("\n");
          expect((outcome as NovaClientError).kind).toMatch(/^\w+$/);
        }),
        { numRuns: 1000, seed: 20261202 },
      );
    });
  }
});
