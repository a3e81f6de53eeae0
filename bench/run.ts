/**
 * npm run bench: nova-ts against python-novaclient 18.1 and bare fetch, on the sandbox cloud.
 * Every figure is a median of several runs and is quoted as a ratio to a baseline measured in
 * the same run. Writes bench/results.md and bench/results.json (or --out <dir>); --quick runs
 * everything once on tiny inputs (npm test does, so the scripts cannot rot).
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createNovaClient } from "../src/index.js";
import { startBigReply } from "./big-reply.js";
import { hasGnuTime, measure, median, runOnce, startSandboxProcess, type SandboxProcess } from "./measure.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, out: { type: "string" } } });
const quick = values.quick;
const root = fileURLToPath(new URL("..", import.meta.url));
const out = values.out ?? join(root, "bench");
const CLI = join(root, "dist/cli/main.js");
const PYTHON_NOVA = "/usr/bin/nova";
const python = existsSync(PYTHON_NOVA);
const RUNS = quick ? 1 : 7;
const LIBRARY_KINDS = ["bare", "plain", "client"] as const;
type LibraryKind = (typeof LIBRARY_KINDS)[number];

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);

interface Row {
  name: string;
  unit: string;
  novaTs: number;
  baseline?: number;
  baselineName: string;
  ratio?: number;
  goal: string;
  met?: boolean;
}

const rows: Row[] = [];
const requests: { command: string; novaTs: number; python?: number; ok: boolean }[] = [];
const floors: { name: string; seconds: number }[] = [];
const cache = await mkdtemp(join(tmpdir(), "nova-ts-bench-"));

function envFor(cloud: SandboxProcess): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    XDG_CACHE_HOME: cache,
    NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1",
    OS_AUTH_URL: cloud.authUrl,
    OS_USERNAME: "admin",
    OS_PASSWORD: "secret",
    OS_PROJECT_NAME: "admin",
    OS_USER_DOMAIN_NAME: "Default",
    OS_PROJECT_DOMAIN_NAME: "Default",
  };
}

/** Requests one run of a command sends to the cloud. */
async function countRequests(cloud: SandboxProcess, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const before = await cloud.requests();
  await runOnce(command, args, env);
  return (await cloud.requests()) - before;
}

/** One CLI command, nova-ts against python-novaclient: time, memory, requests. */
async function compareCli(cloud: SandboxProcess, label: string, args: string[], goal: number, memoryGoal?: boolean, runs = RUNS): Promise<void> {
  const env = envFor(cloud);
  const ts = await measure(process.execPath, [CLI, ...args], env, runs);
  const py = python ? await measure(PYTHON_NOVA, args, env, runs) : undefined;
  const ratio = py ? ts.seconds / py.seconds : undefined;
  rows.push({ name: `${label}: wall time`, unit: "s", novaTs: ts.seconds, baseline: py?.seconds, baselineName: "python-novaclient", ratio, goal: `≤ ${goal}×`, met: ratio === undefined ? undefined : ratio <= goal });
  if (ts.mib !== undefined) {
    const mr = py?.mib ? ts.mib / py.mib : undefined;
    rows.push({ name: `${label}: peak memory`, unit: "MiB", novaTs: ts.mib, baseline: py?.mib, baselineName: "python-novaclient", ratio: mr, goal: memoryGoal ? "≤ 1×" : "-", met: memoryGoal && mr !== undefined ? mr <= 1 : undefined });
  }
  if (args[0] === "--version") return;
  const ours = await countRequests(cloud, process.execPath, [CLI, ...args], env);
  const theirs = python ? await countRequests(cloud, PYTHON_NOVA, args, env) : undefined;
  requests.push({ command: label, novaTs: ours, python: theirs, ok: theirs === undefined || ours <= theirs });
}

try {
  // 1. One CLI call, cold and with the token cache.
  const small = await startSandboxProcess(0);
  try {
    await compareCli(small, "nova flavor-list", ["flavor-list"], 0.25);
    await compareCli(small, "nova --version", ["--version"], 0.15);
    // Both poll as python-novaclient does, 5 s between looks, so this shows what start-up and
    // the boot's lookups add to a command that waits. Every run boots one more server: no quota.
    const admin = await createNovaClient({ authUrl: small.authUrl, username: "admin", password: "secret", projectName: "admin" });
    await admin.call("updateQuotaSet", { tenant_id: admin.projectId!, body: { quota_set: { instances: -1, cores: -1, ram: -1 } } });
    await compareCli(small, "nova boot --poll", ["boot", "--flavor", "m1.tiny", "--image", "cirros", "--poll", "bench-vm"], 1);
    const env = envFor(small);
    await runOnce(process.execPath, [CLI, "--os-cache", "flavor-list"], env);
    const cached = await measure(process.execPath, [CLI, "--os-cache", "flavor-list"], env, RUNS);
    const cold = rows.find((r) => r.name === "nova flavor-list: wall time")!;
    rows.push({ name: "nova --os-cache flavor-list (token cached): wall time", unit: "s", novaTs: cached.seconds, baseline: cold.baseline, baselineName: "python-novaclient (cold)", ratio: cold.baseline ? cached.seconds / cold.baseline : undefined, goal: "-" });
    requests.push({ command: "nova --os-cache flavor-list (cached)", novaTs: await countRequests(small, process.execPath, [CLI, "--os-cache", "flavor-list"], env), python: undefined, ok: true });
    const bareNode = await nodeFloor(env, small.computeUrl);
    rows.push({ name: "nova flavor-list against bare fetch in Node", unit: "s", novaTs: cold.novaTs, baseline: bareNode.seconds, baselineName: "bench/node-floor.mjs", ratio: cold.novaTs / bareNode.seconds, goal: "-" });

    // 3. Library overhead: client.raw.GET vs a bare fetch of the same URL with the same headers,
    // and plain openapi-fetch (no middleware) to show what the core itself costs. Each kind runs
    // in its own process; they take turns in short blocks, a different one first each time, so
    // drift in the machine falls on all alike. Each round's totals give one ratio per kind.
    const kinds = await Promise.all(LIBRARY_KINDS.map((kind) => startLibraryProcess(kind, small.authUrl, quick ? 5 : 2000)));
    const rates: Record<LibraryKind, number[]> = { bare: [], plain: [], client: [] };
    try {
      for (let round = 0; round < RUNS; round++) {
        const ms = { bare: 0, plain: 0, client: 0 };
        const blocks = quick ? 1 : 10;
        const size = quick ? 20 : 500;
        for (let block = 0; block < blocks; block++) {
          for (let i = 0; i < kinds.length; i++) {
            const k = kinds[(i + block + round) % kinds.length]!;
            ms[k.kind] += await k.run(size);
          }
        }
        for (const kind of LIBRARY_KINDS) rates[kind].push((blocks * size) / (ms[kind] / 1000));
      }
    } finally {
      for (const k of kinds) k.stop();
    }
    const ratio = (kind: LibraryKind) => median(rates[kind].map((r, i) => r / rates.bare[i]!));
    rows.push({ name: "client.GET(\"/flavors/detail\"): requests per second", unit: "req/s", novaTs: median(rates.client), baseline: median(rates.bare), baselineName: "bare fetch", ratio: ratio("client"), goal: "≥ 0.9×", met: ratio("client") >= 0.9 });
    rows.push({ name: "plain openapi-fetch GET, no middleware (reference)", unit: "req/s", novaTs: median(rates.plain), baseline: median(rates.bare), baselineName: "bare fetch", ratio: ratio("plain"), goal: "-" });
  } finally {
    await small.stop();
  }

  // 2. nova list --limit -1 over many servers, pages of 1,000 (Nova's max_limit).
  const servers = quick ? 30 : 10_000;
  const big = await startSandboxProcess(servers);
  try {
    await compareCli(big, `nova list --limit -1 (${servers} servers)`, ["list", "--limit", "-1"], 0.3, true);
  } finally {
    await big.stop();
  }

  // 5. One very large reply (a cloud with max_limit raised): python-novaclient takes about 40 s
  // over it, so fewer runs.
  const huge = await startBigReply(quick ? 30 : 180_000);
  try {
    await compareCli(huge, `nova flavor-list (one ${Math.round(huge.megabytes)} MB reply)`, ["flavor-list"], 0.3, true, quick ? 1 : 3);
  } finally {
    await huge.stop();
  }

  // 6. The real cloud, when one is up (npm run real-cloud:up): cold and cached, against its floors.
  const openrc = join(process.env.REAL_CLOUD_DIR ?? "/tmp/real-cloud", "openrc");
  if (existsSync(openrc) && !quick) await realCloud(openrc);

  // 4. npm run generate on the whole spec.
  const genOut = await mkdtemp(join(tmpdir(), "nova-ts-gen-"));
  const gen = await measure(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/generate.ts"), "--out", genOut], process.env, quick ? 1 : 3);
  await rm(genOut, { recursive: true, force: true });
  rows.push({ name: "npm run generate (whole spec)", unit: "s", novaTs: gen.seconds, baselineName: "-", goal: "< 10 s", met: gen.seconds < 10 });

  // 7. Type-checking a program that uses the package: pinned to a microversion against unpinned.
  await typecheckRows();
} finally {
  await rm(cache, { recursive: true, force: true });
}

/**
 * What any Node program pays for `nova flavor-list` besides the servers' time (start-up, loading
 * fetch): bench/node-floor.mjs makes the same calls with bare fetch and nothing else.
 */
function nodeFloor(env: NodeJS.ProcessEnv, compute: string, token?: string) {
  return measure(process.execPath, [join(root, "bench/node-floor.mjs")], { ...env, NOVA_FLOOR_COMPUTE: compute, ...(token ? { NOVA_FLOOR_TOKEN: token } : {}) }, RUNS);
}

/** `export A=B C=D` lines of an openrc file. */
function readOpenrc(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("export ")) continue;
    for (const [, k, v] of line.slice(7).matchAll(/(\w+)=("[^"]*"|'[^']*'|\S+)/g)) env[k!] = v!.replace(/^["']|["']$/g, "");
  }
  return env;
}

async function realCloud(openrc: string): Promise<void> {
  const creds = readOpenrc(await readFile(openrc, "utf8"));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: cache, NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1", ...creds };
  const probe = await runOnce(process.execPath, [CLI, "flavor-list"], env);
  if (probe.code !== 0) {
    console.error(`real cloud at ${creds.OS_AUTH_URL} does not answer; its section is left out`);
    return;
  }
  // The floors: what the servers need, measured with bare fetch (Keystone's token, then the
  // first call with a new token and a call with a used one).
  const body = JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: creds.OS_USERNAME, domain: { name: creds.OS_USER_DOMAIN_NAME ?? "Default" }, password: creds.OS_PASSWORD } } }, scope: { project: { name: creds.OS_PROJECT_NAME, domain: { name: creds.OS_PROJECT_DOMAIN_NAME ?? "Default" } } } } });
  const issue: number[] = [];
  const first: number[] = [];
  const again: number[] = [];
  let token = "";
  const { endpoint } = await createNovaClient({ authUrl: creds.OS_AUTH_URL, username: creds.OS_USERNAME, password: creds.OS_PASSWORD, projectName: creds.OS_PROJECT_NAME, userDomainName: creds.OS_USER_DOMAIN_NAME, projectDomainName: creds.OS_PROJECT_DOMAIN_NAME });
  const compute = `${endpoint}/flavors/detail`;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const r = await fetch(`${creds.OS_AUTH_URL!.replace(/\/$/, "")}/auth/tokens`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    await r.text();
    issue.push((performance.now() - t) / 1000);
    token = r.headers.get("x-subject-token")!;
    const headers = { "X-Auth-Token": token, Accept: "application/json" };
    t = performance.now();
    await (await fetch(compute, { headers })).text();
    first.push((performance.now() - t) / 1000);
    t = performance.now();
    await (await fetch(compute, { headers })).text();
    again.push((performance.now() - t) / 1000);
  }
  const coldFloor = median(issue) + median(first);
  const cachedFloor = median(again);
  const nodeCold = await nodeFloor(env, endpoint);
  const nodeCached = await nodeFloor(env, endpoint, token);
  const ts = await measure(process.execPath, [CLI, "flavor-list"], env, RUNS);
  const py = python ? await measure(PYTHON_NOVA, ["flavor-list"], env, RUNS) : undefined;
  await runOnce(process.execPath, [CLI, "--os-cache", "flavor-list"], env);
  const cached = await measure(process.execPath, [CLI, "--os-cache", "flavor-list"], env, RUNS);
  rows.push({ name: "real cloud: nova flavor-list, cold", unit: "s", novaTs: ts.seconds, baseline: py?.seconds, baselineName: "python-novaclient", ratio: py ? ts.seconds / py.seconds : undefined, goal: `≤ floor ${coldFloor.toFixed(3)} s + 0.1 s`, met: ts.seconds <= coldFloor + 0.1 });
  rows.push({ name: "real cloud: nova --os-cache flavor-list, token cached", unit: "s", novaTs: cached.seconds, baseline: py?.seconds, baselineName: "python-novaclient (cold)", ratio: py ? cached.seconds / py.seconds : undefined, goal: `≤ floor ${cachedFloor.toFixed(3)} s + 0.1 s`, met: cached.seconds <= cachedFloor + 0.1 });
  rows.push({ name: "real cloud: nova flavor-list, cold, against bare fetch in Node", unit: "s", novaTs: ts.seconds, baseline: nodeCold.seconds, baselineName: "bench/node-floor.mjs", ratio: ts.seconds / nodeCold.seconds, goal: "-" });
  rows.push({ name: "real cloud: nova --os-cache flavor-list, cached, against bare fetch in Node", unit: "s", novaTs: cached.seconds, baseline: nodeCached.seconds, baselineName: "bench/node-floor.mjs, same token", ratio: cached.seconds / nodeCached.seconds, goal: "-" });
  if (ts.mib !== undefined) rows.push({ name: "real cloud: nova flavor-list, peak memory", unit: "MiB", novaTs: ts.mib, baseline: py?.mib, baselineName: "python-novaclient", ratio: py?.mib ? ts.mib / py.mib : undefined, goal: "-" });
  floors.push({ name: "Keystone issues a token", seconds: median(issue) }, { name: "first compute call with a new token", seconds: median(first) }, { name: "compute call with a used token", seconds: median(again) });
}

/**
 * tsc on bench/consumer.ts (200 lines over most resources) as a user's program sees the package
 * (dist's .d.ts files), once unpinned (the union types of every version) and once pinned to
 * 2.79 (generated/versioned.ts's types at that version).
 */
async function typecheckRows(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "nova-ts-typecheck-"));
  try {
    const source = (await readFile(join(root, "bench/consumer.ts"), "utf8")).replace('"../src/index.js"', JSON.stringify(join(root, "dist/src/index.js")));
    const seconds: Record<string, number> = {};
    for (const [name, version] of [["unpinned", "2.latest"], ["pinned", "2.79"]] as const) {
      await writeFile(join(dir, `${name}.mts`), source.replace('const VERSION = "2.latest";', `const VERSION = "${version}";`));
      const config = { extends: join(root, "tsconfig.json"), compilerOptions: { typeRoots: [join(root, "node_modules/@types")] }, include: [], files: [`${name}.mts`] };
      await writeFile(join(dir, `${name}.json`), JSON.stringify(config));
      seconds[name] = (await measure(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, `${name}.json`)], process.env, quick ? 1 : 5)).seconds;
    }
    const ratio = seconds.pinned! / seconds.unpinned!;
    rows.push({ name: "tsc on a 200-line program, client pinned to 2.79", unit: "s", novaTs: seconds.pinned!, baseline: seconds.unpinned, baselineName: "the same program unpinned", ratio, goal: "< 2×", met: ratio < 2 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One kind of client in its own process (bench/library-process.ts), making calls when asked. */
async function startLibraryProcess(kind: LibraryKind, authUrl: string, warmUp: number) {
  const child = fork(join(root, "bench/library-process.ts"), [kind, authUrl, String(warmUp)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let pending: { resolve: (message: unknown) => void; reject: (err: Error) => void } | undefined;
  const reply = () => new Promise<unknown>((resolve, reject) => (pending = { resolve, reject }));
  child.on("message", (message) => pending?.resolve(message));
  child.on("exit", (code) => pending?.reject(new Error(`bench/library-process.ts ${kind} exited ${code}`)));
  await reply();
  return {
    kind,
    /** Milliseconds `count` calls took. */
    run: async (count: number) => {
      const ms = reply();
      child.send(count);
      return (await ms) as number;
    },
    stop: () => child.kill(),
  };
}

const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, pythonNovaclient: python ? "18.1 (Debian python3-novaclient)" : "not installed", peakMemory: hasGnuTime ? "GNU time %M" : "not measured (no /usr/bin/time)" };
const results = { date: new Date().toISOString(), quick, runsPerFigure: RUNS, machine, rows, requests, realCloudFloors: floors };
const fmt = (v: number | undefined, unit: string) => (v === undefined ? "n/a" : unit === "req/s" ? v.toFixed(0) : unit === "MiB" ? v.toFixed(1) : v.toFixed(3));
const md = [
  `# Benchmarks`,
  "",
  `${results.date}${quick ? " (quick run: tiny inputs, not representative)" : ""}. Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, python-novaclient ${machine.pythonNovaclient}. Each figure is the median of ${RUNS} runs after a warm-up; peak memory: ${machine.peakMemory}. Reproduce with \`npm run bench\`.`,
  "",
  "| benchmark | nova-ts | baseline | ratio | goal | met |",
  "| --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.name} | ${fmt(r.novaTs, r.unit)} ${r.unit} | ${fmt(r.baseline, r.unit)} ${r.baseline === undefined ? "" : r.unit} (${r.baselineName}) | ${r.ratio === undefined ? "n/a" : `${r.ratio.toFixed(2)}×`} | ${r.goal} | ${r.met === undefined ? "" : r.met ? "yes" : "**no**"} |`),
  "",
  "Requests sent per CLI call (Keystone, discovery and work together):",
  "",
  "| command | nova-ts | python-novaclient | nova-ts sends no more |",
  "| --- | --- | --- | --- |",
  ...requests.map((q) => `| ${q.command} | ${q.novaTs} | ${q.python ?? "n/a"} | ${q.ok ? "yes" : "**no**"} |`),
  "",
  ...(floors.length
    ? ["Real cloud floors (the servers' own time, bare fetch):", "", "| step | seconds |", "| --- | --- |", ...floors.map((f) => `| ${f.name} | ${f.seconds.toFixed(3)} |`), ""]
    : []),
].join("\n");
await mkdir(out, { recursive: true });
await writeFile(join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(out, "results.md"), md);
console.log(md);
