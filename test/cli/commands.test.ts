import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI, nova } from "./run-cli.js";
import { hasPythonNova, pythonNova } from "./python-nova.js";

const run = promisify(execFile);
const env = { NOVACLIENT_ISHOULDNTBEDOINGTHIS: "1" };

/** The command names in a `nova help` listing (yargs' "nova <command> ..." lines). */
async function ourCommands(): Promise<string[]> {
  const { stdout } = await nova(["help"], env);
  return [...stdout.matchAll(/^ {2}nova ([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!).sort();
}

/** python-novaclient 18.1's commands, at the lowest and highest microversion it speaks. */
async function pythonCommands(): Promise<string[]> {
  const { stdout } = await run("/usr/bin/python3", [new URL("./novaclient/dump-commands.py", import.meta.url).pathname, "2.1", "2.92"], { maxBuffer: 64 << 20 });
  const tables = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
  return [...new Set(Object.values(tables).flatMap((t) => Object.keys(t)))].filter((n) => n !== "bash_completion").sort();
}

describe.skipIf(!hasPythonNova)("the command list", () => {
  it("has every command of python-novaclient 18.1, plus backup-instance and completion", async () => {
    const python = await pythonCommands();
    expect(python).toHaveLength(127);
    expect(await ourCommands()).toEqual([...python, "backup-instance", "completion"].sort());
  });

  it("nova bash-completion prints python-novaclient's words (its order is a Python set's)", async () => {
    const python = await pythonNova(["bash-completion"], env);
    const ours = await nova(["bash-completion"], env);
    const words = (text: string) => new Set(text.trim().split(" "));
    const theirs = words(python.stdout);
    theirs.add("backup-instance");
    expect(words(ours.stdout)).toEqual(theirs);
    expect(ours.code).toBe(0);
  });

  it("nova help <unknown> is python-novaclient's CommandError, exit 1", async () => {
    const python = await pythonNova(["help", "bogus"], env);
    const ours = await nova(["help", "bogus"], env);
    expect([ours.stderr, ours.code]).toEqual([python.stderr, 1]);
  });
});

describe("nova completion", () => {
  /** What bash offers for the words before the cursor, with nova's completion script loaded. */
  async function complete(shell: "bash" | "zsh", words: string[]): Promise<string[]> {
    const script = `source <(${process.execPath} ${CLI} completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _nova; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await run("bash", ["-c", script]);
    return stdout.split("\n").filter(Boolean).sort();
  }

  it("completes command names, global options and each command's options, offline", async () => {
    expect(await complete("bash", ["nova", "flavor-s"])).toEqual(["flavor-show"]);
    expect(await complete("bash", ["nova", "--os-reg"])).toEqual(["--os-region-name"]);
    expect(await complete("bash", ["nova", "--debug", "delete", "--a"])).toEqual(["--all-tenants"]);
    expect(await complete("bash", ["nova", "flavor-list", "--"])).toEqual(expect.arrayContaining(["--extra-specs", "--min-disk", "--sort-key"]));
    // A server's name would need the cloud: nothing is offered.
    expect(await complete("bash", ["nova", "show", ""])).toEqual(["--help", "--minimal", "--wrap", "-h"]);
  });

  it("zsh gets the same function through bashcompinit, and a bad shell is a usage error", async () => {
    const zsh = await nova(["completion", "zsh"], env);
    expect(zsh.stdout.split("\n").slice(0, 2)).toEqual(["#compdef nova", "autoload -U +X bashcompinit && bashcompinit"]);
    expect(zsh.stdout).toContain("complete -F _nova nova");
    if (existsSync("/usr/bin/zsh")) await run("/usr/bin/zsh", ["-c", `autoload -U compinit && compinit -u; source <(${process.execPath} ${CLI} completion zsh); whence -w _nova`]);
    const bad = await nova(["completion", "fish"], env);
    expect([bad.code, bad.stderr]).toEqual([2, "usage: nova completion <bash|zsh>\nerror: argument <shell>: invalid choice: 'fish' (choose from 'bash', 'zsh')\n"]);
  });
});
