import { type ChildProcess, fork, spawn } from "node:child_process";
import { existsSync } from "node:fs";

export interface Sample {
  seconds: number;
  /** Peak resident memory in MiB (GNU time's %M), when /usr/bin/time is there. */
  mib?: number;
  code: number | null;
}

const GNU_TIME = "/usr/bin/time";
export const hasGnuTime = existsSync(GNU_TIME);

/** Runs a program once, timing it from spawn to exit and reading its peak memory. */
export function runOnce(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const [cmd, argv] = hasGnuTime ? [GNU_TIME, ["-f", "%M", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const kb = hasGnuTime ? Number(stderr.trim().split("\n").pop()) : Number.NaN;
      resolve({ seconds, mib: Number.isFinite(kb) ? kb / 1024 : undefined, code });
    });
  });
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Median wall time and peak memory over `runs` runs, after one warm-up run. */
export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv, runs: number): Promise<{ seconds: number; mib?: number }> {
  const warm = await runOnce(command, args, env);
  if (warm.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${warm.code}`);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await runOnce(command, args, env));
  const mibs = samples.map((s) => s.mib).filter((m): m is number => m !== undefined);
  return { seconds: median(samples.map((s) => s.seconds)), mib: mibs.length ? median(mibs) : undefined };
}

/** A sandbox cloud in a child process, with a way to count the requests it served. */
export interface SandboxProcess {
  authUrl: string;
  computeUrl: string;
  requests(): Promise<number>;
  stop(): Promise<void>;
}

export async function startSandboxProcess(servers: number): Promise<SandboxProcess> {
  const child: ChildProcess = fork(new URL("./sandbox-process.ts", import.meta.url).pathname, [String(servers)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T>(message: string) => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  const urls = await new Promise<{ authUrl: string; computeUrl: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { authUrl: string; computeUrl: string }));
    child.once("error", reject);
  });
  return {
    ...urls,
    async requests() {
      const reply = ask<{ count: number }>("count");
      child.send("count");
      return (await reply).count;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("stop");
      }),
  };
}
