import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, type SandboxOptions, type SeenRequest, startSandbox } from "../../../src/sandbox/index.js";
import { migrationStore } from "../../../src/sandbox/handlers/stores.js";
import { hasPythonNova, pythonNova } from "../python-nova.js";
import { type CliResult, adminEnv, nova } from "../run-cli.js";

/** One command line, run by both clients on twin clouds. */
export interface ParityCase {
  args: string[];
  /** Extra environment (e.g. COLUMNS, OS_USERNAME for another user). */
  env?: Record<string, string>;
  /** Runs on both clouds first (e.g. a server in the state the command needs). */
  before?: (cloud: Sandbox) => void | Promise<void>;
  /** What both read on stdin (no terminal): answers to prompts. */
  stdin?: string;
  /** A name for the test, when the words alone do not say what it checks. */
  title?: string;
}

export interface Run extends CliResult {
  /** Compute, Glance and Neutron requests (Keystone left out). */
  traffic: SeenRequest[];
}

/**
 * Ids and times the twin clouds make up differ between them; each distinct UUID becomes <id1>,
 * <id2>... in order of appearance (so a wrong id in the wrong place still shows), times <time>,
 * request ids req-X and the cloud's port <port>.
 */
export function normaliser(cloud: Sandbox): (text: string) => string {
  const ids = new Map<string, string>();
  const port = new URL(cloud.authUrl).port;
  return (text) =>
    text
      .replace(/req-[0-9a-f-]{36}/g, "req-X")
      .replaceAll(`127.0.0.1:${port}`, "127.0.0.1:<port>")
      // Not only between word boundaries: a console URL has ...%3Ftoken%3D<uuid>.
      .replace(/(?<![0-9a-f-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/g, (id) => {
        if (!ids.has(id)) ids.set(id, `<id${ids.size + 1}>`);
        return ids.get(id)!;
      })
      .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/g, "<time>")
      .replace(/^Maximum version 2\.\d+$/m, "Maximum version <client max>");
}

/** Runs a command line against a cloud and returns what it printed and the requests it made. */
export async function traced(cloud: Sandbox, run: () => Promise<CliResult>): Promise<Run> {
  const before = cloud.traffic.length;
  const result = await run();
  const normal = normaliser(cloud);
  const traffic = cloud.traffic
    .slice(before)
    .filter((r) => !r.path.includes("/identity/"))
    .map((r) => ({ ...r, path: normal(r.path), ...(r.body ? { body: normal(r.body) } : {}) }));
  return { ...result, stdout: normal(result.stdout), stderr: normal(result.stderr), traffic };
}

/** The twin clouds of one parity file: the same seed, one for each client. */
export interface Twins {
  python: Sandbox;
  ours: Sandbox;
  envOf(cloud: Sandbox): Record<string, string>;
  /** Runs one case on both and returns both results (for tests that check more than equality). */
  both(c: ParityCase): Promise<{ python: Run; ours: Run }>;
}

/**
 * Starts two sandbox clouds with the same seed (up to 2.92 by default, python-novaclient's maximum,
 * so both clients negotiate the same microversion) for the tests of one file.
 */
export function twinClouds(options: SandboxOptions = {}): Twins {
  const twins = {} as Twins;
  beforeAll(async () => {
    const [python, ours] = await Promise.all([startSandbox({ maxVersion: "2.92", ...options }), startSandbox({ maxVersion: "2.92", ...options })]);
    Object.assign(twins, { python, ours });
  });
  afterAll(async () => {
    await Promise.all([twins.python?.close(), twins.ours?.close()]);
  });
  twins.envOf = (cloud) => ({ ...adminEnv(cloud.authUrl), NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" });
  twins.both = async (c) => {
    await c.before?.(twins.python);
    await c.before?.(twins.ours);
    const python = await traced(twins.python, () => pythonNova(c.args, { ...twins.envOf(twins.python), ...c.env }, c.stdin));
    const ours = await traced(twins.ours, () => nova(c.args, { ...twins.envOf(twins.ours), ...c.env }, c.stdin));
    return { python, ours };
  };
  return twins;
}

/**
 * Live migrations keep running (the sandbox ends them after 3 s): the twins run a case seconds
 * apart, so without this one could find a migration over that the other finds running.
 */
export function migrationsKeepRunning(cloud: Sandbox): void {
  for (const m of migrationStore(cloud.state).list) if (m.finishes_at !== undefined) m.finishes_at = Date.now() + 600_000;
}

/** Requires the same stdout, stderr, exit status and requests (method, path, microversion, body). */
export function expectSame(python: Run, ours: Run): void {
  expect(ours.stdout).toBe(python.stdout);
  expect(ours.stderr).toBe(python.stderr);
  expect(ours.code).toBe(python.code);
  expect(ours.traffic).toEqual(python.traffic);
}

/**
 * A parity file's cases: each command line, in order, on twin clouds (so a command that changes
 * the cloud changes both the same way), compared in full.
 */
export function parity(area: string, cases: readonly ParityCase[], options: SandboxOptions = {}): Twins {
  let twins!: Twins;
  describe.skipIf(!hasPythonNova)(`${area}: the same as python-novaclient 18.1`, () => {
    twins = twinClouds(options);
    for (const c of cases) {
      it(c.title ?? `nova ${c.args.join(" ")}`, async () => {
        const { python, ours } = await twins.both(c);
        expectSame(python, ours);
      });
    }
  });
  return twins;
}
