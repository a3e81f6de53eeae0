import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { adminEnv, nova } from "./run-cli.js";

let cloud: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
  env = adminEnv(cloud.authUrl);
});
afterAll(() => cloud.close());

describe("nova CLI against the sandbox cloud", () => {
  it("flavor-list prints python-novaclient's table and sends auth, discovery, work", async () => {
    const before = cloud.requests.length;
    const r = await nova(["flavor-list"], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").slice(0, 4)).toEqual([
      "+----+-----------+------------+------+-----------+------+-------+-------------+-----------+-------------+",
      "| ID | Name      | Memory_MiB | Disk | Ephemeral | Swap | VCPUs | RXTX_Factor | Is_Public | Description |",
      "+----+-----------+------------+------+-----------+------+-------+-------------+-----------+-------------+",
      "| 1  | m1.tiny   | 512        | 1    | 0         | 0    | 1     | 1.0         | True      | -           |",
    ]);
    expect(cloud.requests.slice(before)).toEqual(["POST /identity/v3/auth/tokens", "GET /compute/v2.1", "GET /compute/v2.1/flavors/detail"]);
  });

  it("authenticates once, with the options of the command line, however they are written", async () => {
    const base = { OS_AUTH_URL: cloud.authUrl };
    for (const args of [
      ["--os-username", "demo", "--os-password", "secret", "--os-tenant-name", "demo", "list"],
      ["--os-username=demo", "--os-password=secret", "--os-project-name=demo", "list"],
      ["list", "--os-user-name", "demo", "--os-password", "secret", "--os-project-name", "demo"],
    ]) {
      const before = cloud.requests.length;
      const r = await nova(args, base);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("demo-vm");
      expect(cloud.requests.slice(before).filter((q) => q.endsWith("/auth/tokens"))).toHaveLength(1);
    }
  });

  it("flavor-list sends every filter, in python-novaclient's order and encoding", async () => {
    const before = cloud.requests.length;
    await nova(["flavor-list", "--marker", "1", "--min-disk", "10", "--min-ram", "512", "--limit", "2", "--sort-key", "name", "--sort-dir", "asc"], env);
    expect(cloud.requests.at(-1)).toBe("GET /compute/v2.1/flavors/detail?limit=2&marker=1&minDisk=10&minRam=512&sort_dir=asc&sort_key=name");
    await nova(["flavor-list", "--all", "--limit", "5"], env);
    expect(cloud.requests.at(-1)).toBe("GET /compute/v2.1/flavors/detail?is_public=None");
    expect(cloud.requests.length - before).toBe(6);
  });

  it("--json list --limit -1 prints every server record of every page", async () => {
    const r = await nova(["--json", "list", "--limit", "-1", "--all-tenants"], env);
    expect(r.code).toBe(0);
    const { servers } = JSON.parse(r.stdout) as { servers: { id: string; flavor: object }[] };
    expect(servers.map((s) => s.id).sort()).toEqual([...cloud.state.servers.keys()].sort());
    expect(servers[0]!.flavor).toHaveProperty("vcpus");
  });

  it("flavor-show resolves a name and prints a Property/Value table", async () => {
    const r = await nova(["flavor-show", "m1.small"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| name                       | m1.small |");
    expect(r.stdout).toContain("| rxtx_factor                | 1.0      |");
    expect(r.stdout).not.toContain("links");
  });

  it("backup-instance sends the seed's request and prints the new image id", async () => {
    const r = await nova(["backup-instance", "web-1", "nightly", "before upgrade"], env);
    expect(r.code).toBe(0);
    const id = /\| id {7}\| ([0-9a-f-]{36}) \|/.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    expect(cloud.state.images.get(id!)).toMatchObject({ name: "nightly", description: "before upgrade", server_id: "9168b536-cd40-4630-b43f-b259807c6e87" });
    const json = await nova(["--json", "backup-instance", "web-1", "nightly2"], env);
    expect(JSON.parse(json.stdout)).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(cloud.state.images.get(JSON.parse(json.stdout).id)?.description).toBeNull();
  });

  it("prints Nova's error in novaclient's form on stderr and exits 1", async () => {
    const r = await nova(["flavor-show", "nope"], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("ERROR (CommandError): No flavor with a name or ID of 'nope' exists.\n");
    const api = await nova(["--bypass-url", cloud.computeUrl, "flavor-access-list", "--flavor", "1"], env);
    expect(api.stderr).toBe("ERROR (CommandError): Access list not available for public flavors.\n");
  });

  it("shows an API fault with its HTTP code and request id", async () => {
    const r = await nova(["--os-compute-api-version", "2.54", "backup-instance", "9168b536-cd40-4630-b43f-b259807c6e87", ""], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR \(BadRequest\): Invalid input for field\/attribute name\. .* \(HTTP 400\) \(Request-ID: req-[0-9a-f-]{36}\)\n$/);
  });

  it("says in one line that a cloud does not offer backup_instance", async () => {
    const bare = await startSandbox({ without: ["backupInstance"] });
    try {
      const r = await nova(["backup-instance", "web-1", "b"], adminEnv(bare.authUrl));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^ERROR \(NotFound\): POST \/compute\/v2\.1\/servers\/[0-9a-f-]+\/backup_instance is not offered by this cloud \(the server answered 404 Not Found from its web framework, not Nova\)\. \(HTTP 404\) \(Request-ID: req-[0-9a-f-]+\)\n$/);
    } finally {
      await bare.close();
    }
  });

  it("exits 2 with argparse's usage error, before any compute request", async () => {
    const before = cloud.requests.length;
    const cases: [string[], string][] = [
      [["flavor-show"], "error: the following arguments are required: <flavor>\nTry 'nova help flavor-show' for more information.\n"],
      [["no-such-command"], "error: argument <subcommand>: invalid choice: 'no-such-command'\nTry 'nova help ' for more information.\n"],
      [["flavor-list", "--bogus"], "error: unrecognized arguments: --bogus\nTry 'nova help ' for more information.\n"],
      [["--timeout", "0", "flavor-list"], "error: argument --timeout: 0 must be greater than 0\nTry 'nova help ' for more information.\n"],
      [["flavor-list", "--limit", "abc"], "error: argument --limit: invalid int value: 'abc'\nTry 'nova help flavor-list' for more information.\n"],
      [["--", "flavor-list"], "error: argument <subcommand>: invalid choice: '--'\nTry 'nova help ' for more information.\n"],
      [["--debug", "--", "delete", "web-1"], "error: argument <subcommand>: invalid choice: '--'\nTry 'nova help ' for more information.\n"],
    ];
    for (const [args, tail] of cases) {
      // yargs would word its findings in German here; argparse's words do not depend on it.
      const r = await nova(args, { ...env, LANG: "de_DE.UTF-8" });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^usage: nova /);
      expect(r.stderr.endsWith(tail), r.stderr).toBe(true);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // Keystone may have been asked already: the CLI starts authenticating before it parses.
    expect(cloud.requests.slice(before).filter((q) => !q.includes("/identity/"))).toEqual([]);
  });

  it("takes the words after a command's -- as its positionals, even those that start with a dash", async () => {
    const boot = await nova(["boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none", "--", "-dash"], env);
    expect(boot.code, boot.stderr).toBe(0);
    expect(boot.stdout).toMatch(/^\| name +\| -dash +\|$/m);
    const show = await nova(["show", "--minimal", "--", "-dash"], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^\| name +\| -dash +\|$/m);
    const help = await nova(["show", "--", "--help"], env);
    expect([help.code, help.stdout, help.stderr]).toEqual([1, "", "ERROR (CommandError): No server with a name or ID of '--help' exists.\n"]);
    const gone = await nova(["delete", "--", "-dash", "-nope"], env);
    expect([gone.code, gone.stdout, gone.stderr]).toEqual([1, "Request to delete server -dash has been accepted.\nb\"No server with a name or ID of '-nope' exists.\"\n", "ERROR (CommandError): Unable to delete the specified server(s).\n"]);
    const extra = await nova(["show", "--", "-x", "-y"], env);
    expect([extra.code, extra.stderr.split("\n")[1]]).toEqual([2, "error: unrecognized arguments: -y"]);
  });

  it("nova help <command> shows the command's arguments, without contacting the cloud", async () => {
    const before = cloud.requests.length;
    const r = await nova(["help", "backup-instance"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nova backup-instance <server> <name> [description]");
    expect(r.stdout).toContain("Backup a server instance.");
    // Its own arguments only, as python-novaclient's help; the global options are in `nova --help`.
    expect(r.stdout).not.toContain("--os-username");
    const top = (await nova(["help"], env)).stdout;
    expect(top).toContain("flavor-list");
    expect(top).toContain("--os-username");
    expect(cloud.requests.length).toBe(before);
  });

  it("refuses a microversion the server does not have, naming its range", async () => {
    const r = await nova(["--os-compute-api-version", "2.99", "flavor-list"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("ERROR (UnsupportedVersion): The specified version isn't supported by server. The valid version range is '2.1' to '2.93'\n");
  });

  it("refuses an option the session's microversion does not have, in one line", async () => {
    const r = await nova(["--os-compute-api-version", "2.54", "flavor-create", "--description", "x", "old", "auto", "64", "1", "1"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("ERROR (CommandError): --description needs microversion 2.55 or later; this session uses 2.54.\n");
    expect([...cloud.state.flavors.values()].some((f) => f.name === "old")).toBe(false);
  });

  it("asks for missing credentials without contacting anyone", async () => {
    const r = await nova(["flavor-list"], { OS_AUTH_URL: cloud.authUrl, OS_PASSWORD: "secret", OS_PROJECT_NAME: "admin" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR (CommandError): You must provide a user name/id");
  });

  it("--debug logs requests as curl lines without the password or token", async () => {
    const r = await nova(["--debug", "flavor-list"], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("REQ: curl -g -i -X GET " + cloud.computeUrl + "/flavors/detail");
    expect(r.stderr).toContain('-H "OpenStack-API-Version: compute 2.93"');
    expect(r.stderr).toContain('-H "X-OpenStack-Nova-API-Version: 2.93"');
    expect(r.stderr).toContain("User-Agent: nova-ts/");
    expect(r.stderr).not.toContain("secret");
    for (const token of cloud.state.tokens.keys()) expect(r.stderr).not.toContain(token);
  });

  it("--debug with --os-token never prints the token, in a header or in the token-exchange body", async () => {
    const token = [...cloud.state.tokens.keys()][0]!;
    const { OS_PASSWORD: _, OS_USERNAME: __, ...rest } = env;
    const r = await nova(["--debug", "--os-token", token, "flavor-list"], rest);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(token);
    const hash = createHash("sha256").update(token).digest("hex");
    expect(r.stderr).toContain(`"token":{"id":"{SHA256}${hash}"}`);
  });

  it("--timings lists the auth set-up and each request but the discovery, as python-novaclient does", async () => {
    for (const [args, requests] of [
      [["flavor-list"], ["GET /flavors/detail"]],
      [["list", "--image", "cirros"], ["GET /v2/images?name=cirros", "GET /servers/detail?image=70a599e0-31e7-49b7-b260-868f441e862b"]],
    ] as const) {
      const r = await nova(["--timings", ...args], env);
      const table = r.stdout.slice(r.stdout.lastIndexOf("| url "));
      const rows = [...table.matchAll(/^\| (.+?) +\| (\S+) +\|$/gm)].map((m) => [m[1], m[2]]);
      expect(rows.map(([url]) => url)).toEqual(["url", `auth_url ${cloud.authUrl}`, ...requests, "Total"]);
      for (const [, seconds] of rows.slice(1)) expect(seconds).toMatch(/^\d+\.\d+(e-\d+)?$/);
    }
  });

  it("--timeout gives up on a cloud that does not answer, in one line", async () => {
    const { createServer } = await import("node:net");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await nova(["--timeout", "0.5", "flavor-list"], { ...env, OS_AUTH_URL: `http://127.0.0.1:${port}/identity/v3` });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`ERROR (ConnectTimeout): Request to http://127.0.0.1:${port}/identity/v3/auth/tokens timed out\n`);
    } finally {
      silent.close();
    }
  });

  it("Ctrl-C aborts the request in flight and exits 130, printing nothing after it", async () => {
    const { createServer } = await import("node:net");
    const { spawn } = await import("node:child_process");
    const { CLI } = await import("./run-cli.js");
    let connected!: () => void;
    const reached = new Promise<void>((resolve) => (connected = resolve));
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      connected();
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [CLI, "flavor-list"], { env: { ...env, PATH: process.env.PATH ?? "", OS_AUTH_URL: `http://127.0.0.1:${port}/identity/v3` } });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      await reached;
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(output).toBe("");
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("--timeout takes any value a timer can hold and refuses the rest in one line, before any request", async () => {
    const before = cloud.requests.length;
    for (const value of ["1e309", "2147484", "1e7"]) {
      const r = await nova(["--timeout", value, "flavor-list"], env);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(`error: argument --timeout: ${value} must be at most 2147483.647 (the longest a timer can wait)`);
      expect(r.stderr).not.toMatch(/RangeError|TimeoutOverflowWarning/);
    }
    expect(cloud.requests.length).toBe(before);
    for (const value of ["2147483", "1e-9"]) {
      const r = await nova(["--timeout", value, "flavor-show", "1"], env);
      expect(r.stderr, value).not.toMatch(/RangeError|TimeoutOverflowWarning|delay/);
      expect(r.code === 0 || /^ERROR \((ConnectTimeout|ReadTimeout)\): /.test(r.stderr), `${value}: ${r.stderr}`).toBe(true);
    }
  });

  it("the library refuses a timeout no timer can hold, naming it, before any request", async () => {
    const { createNovaClient } = await import("../../src/index.js");
    const before = cloud.requests.length;
    for (const timeout of [Number.POSITIVE_INFINITY, 0, -1, Number.NaN, 1e7]) {
      await expect(createNovaClient({ authUrl: cloud.authUrl, username: "admin", password: "secret", projectName: "admin", timeout })).rejects.toThrow(/^The timeout must be a number of seconds above 0 and at most 2147483\.647/);
    }
    expect(cloud.requests.length).toBe(before);
  });

  it("a bad auth URL is one line naming it, before any request, and never shows a password in it", async () => {
    const cases: [string, RegExp][] = [
      ["not-a-url", /^ERROR \(CommandError\): The auth URL \(authUrl, --os-auth-url, env\[OS_AUTH_URL\]\) is not a URL: 'not-a-url'\.\n$/],
      ["ftp://127.0.0.1/identity", /must be an http:\/\/ or https:\/\/ URL, not 'ftp:\/\/127\.0\.0\.1\/identity'/],
      ["http://admin:hunter2@127.0.0.1:1/identity", /must not hold a user name or password: 'http:\/\/\*\*\*@127\.0\.0\.1:1\/identity'/],
    ];
    for (const [url, words] of cases) {
      const r = await nova(["flavor-list"], { ...env, OS_AUTH_URL: url });
      expect(r.code, url).toBe(1);
      expect(r.stderr).toMatch(words);
      expect(r.stderr).not.toMatch(/hunter2|TypeError/);
    }
  });

  it("an integer beyond 2^53 is refused, never sent changed (9223372036854775808 is not 9223372036854776000)", async () => {
    const before = cloud.requests.length;
    const create = await nova(["flavor-create", "big", "auto", "9223372036854775808", "1", "1"], env);
    expect(create.code).toBe(1);
    expect(create.stderr).toBe("ERROR (CommandError): 9223372036854775808 is too large: the largest integer nova-ts sends exactly is 9007199254740991.\n");
    const list = await nova(["flavor-list", "--limit", "1" + "0".repeat(25)], env);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(`error: argument --limit: 1${"0".repeat(25)} is too large`);
    expect(cloud.requests.slice(before).filter((r) => !r.includes("/identity/") && r !== "GET /compute/v2.1")).toEqual([]);
  });

  it("connection refused is one line, not a stack trace", async () => {
    const r = await nova(["flavor-list"], { ...env, OS_AUTH_URL: "http://127.0.0.1:1/identity/v3" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR \(ConnectFailure\): Unable to establish connection to http:\/\/127\.0\.0\.1:1\/identity\/v3\/auth\/tokens: .*\n$/);
  });

  it("flavor create, update, key and access commands change the cloud", async () => {
    const create = await nova(["--os-compute-api-version", "2.60", "flavor-create", "--is-public", "false", "--description", "for tests", "cli.flavor", "77", "256", "2", "1"], env);
    expect(create.code, create.stderr).toBe(0);
    // Before 2.75 Nova sends swap "" for none, which prints as an empty cell.
    expect(create.stdout).toContain("| 77 | cli.flavor | 256        | 2    | 0         |      | 1     | 1.0         | False     | for tests   |");
    expect((await nova(["flavor-key", "cli.flavor", "set", "hw:cpu_policy=dedicated", "quota:x=1"], env)).code).toBe(0);
    expect(cloud.state.flavors.get("77")?.extra_specs).toEqual({ "hw:cpu_policy": "dedicated", "quota:x": "1" });
    const listed = await nova(["flavor-list", "--all", "--extra-specs"], env);
    expect(listed.stdout).toContain("{'hw:cpu_policy': 'dedicated', 'quota:x': '1'}");
    expect((await nova(["flavor-key", "77", "unset", "quota:x"], env)).code).toBe(0);
    expect(cloud.state.flavors.get("77")?.extra_specs).toEqual({ "hw:cpu_policy": "dedicated" });
    const add = await nova(["flavor-access-add", "77", "proj-a"], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain("| 77        | proj-a    |");
    const list = await nova(["flavor-access-list", "--flavor", "cli.flavor"], env);
    expect(list.stdout).toContain("| 77        | proj-a    |");
    expect((await nova(["flavor-access-remove", "77", "proj-a"], env)).code).toBe(0);
    const update = await nova(["flavor-update", "77", "new words"], env);
    expect(update.stdout).toContain("| new words   |");
    expect((await nova(["flavor-delete", "cli.flavor"], env)).stdout).toBe("");
    expect(cloud.state.flavors.has("77")).toBe(false);
  });

  it("list, show and delete servers", async () => {
    const list = await nova(["list"], env);
    expect(list.stdout.split("\n")[1]).toBe("| ID                                   | Name  | Status | Task State | Power State | Networks         |");
    const show = await nova(["show", "db-1"], env);
    expect(show.stdout).toMatch(/\| image +\| cirros \(70a599e0-31e7-49b7-b260-868f441e862b\) +\|/);
    expect(show.stdout).toMatch(/\| private network +\| 10\.0\.0\.6 +\|/);
    const del = await nova(["delete", "db-1", "nope"], env);
    expect(del.code).toBe(1);
    expect(del.stdout).toBe(`Request to delete server db-1 has been accepted.\nb"No server with a name or ID of 'nope' exists."\n`);
    expect(del.stderr).toBe("ERROR (CommandError): Unable to delete the specified server(s).\n");
    expect([...cloud.state.servers.values()].some((s) => s.name === "db-1")).toBe(false);
  });
});
