import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { adminEnv, nova } from "./run-cli.js";

const run = promisify(execFile);

let cloud: Sandbox;
let env: Record<string, string>;
// A flavor whose fields all differ, so a value under the wrong column shows; its description
// has what a shell would expand.
const DESCRIPTION = 'say "hi" to $HOME and `id` \\ there';
beforeAll(async () => {
  cloud = await startSandbox({ maxVersion: "2.93" });
  env = adminEnv(cloud.authUrl);
  const created = await nova(["flavor-create", "--description", DESCRIPTION, "--swap", "89", "--ephemeral", "3", "--rxtx-factor", "2.0", "fmt.test", "auto", "1234", "56", "7"], env);
  expect(created.code, created.stderr).toBe(0);
  expect((await nova(["flavor-key", "fmt.test", "set", "hw:cpu_policy=dedicated"], env)).code).toBe(0);
});
afterAll(() => cloud.close());

/** A prettytable's header and rows of cell texts (one line a row: no multi-line cells). */
function readTable(text: string): { headers: string[]; rows: string[][] } {
  const [headers, ...rows] = text
    .trimEnd()
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(2, -2)
        .split(" | ")
        .map((cell) => cell.trimEnd()),
    );
  return { headers: headers!, rows };
}

/** Runs nova and expects it to succeed quietly. */
async function ok(args: string[]): Promise<string> {
  const r = await nova(args, env);
  expect(r.stderr, args.join(" ")).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

/** The flavor list's typed values, read from the table's text, column by column. */
const FLAVOR_TYPES: Record<string, (text: string) => unknown> = {
  ID: String,
  Name: String,
  Memory_MiB: Number,
  Disk: Number,
  Ephemeral: Number,
  Swap: Number,
  VCPUs: Number,
  RXTX_Factor: Number,
  Is_Public: (t) => t === "True",
  Description: (t) => (t === "-" ? null : t),
};

describe("-f/--format on a list (flavor-list)", () => {
  let table: { headers: string[]; rows: string[][] };
  beforeAll(async () => {
    table = readTable(await ok(["flavor-list"]));
    expect(table.rows).toHaveLength(6);
  });
  /** The table's rows as the objects -f json should print: each column's value, typed. */
  const expected = () => table.rows.map((row) => Object.fromEntries(table.headers.map((h, i) => [h, FLAVOR_TYPES[h]!(row[i]!)])));

  it("json: one object a row, keyed by column in the table's order, with the fields' values", async () => {
    const text = await ok(["flavor-list", "-f", "json"]);
    const data = JSON.parse(text) as Record<string, unknown>[];
    expect(data).toEqual(expected());
    expect(data.map((r) => Object.keys(r))).toEqual(table.rows.map(() => table.headers));
    expect(data.find((r) => r.Name === "fmt.test")).toMatchObject({ Memory_MiB: 1234, Disk: 56, VCPUs: 7, Swap: 89, Ephemeral: 3, Description: DESCRIPTION });
    // Python's json.dump(indent=2): floats keep their point, ", " and ": " between items.
    expect(text).toContain('    "RXTX_Factor": 2.0,\n');
    expect(text.startsWith('[\n  {\n    "ID": "1",\n    "Name": "m1.tiny",\n')).toBe(true);
  });

  it("--noindent: the same JSON on one line", async () => {
    const text = await ok(["flavor-list", "-f", "json", "--noindent"]);
    expect(text.trimEnd().split("\n")).toHaveLength(1);
    expect(text).toContain('{"ID": "1", "Name": "m1.tiny", "Memory_MiB": 512,');
    expect(JSON.parse(text)).toEqual(expected());
  });

  it("yaml: the same list (YAML 1.1 block style, lazily loaded)", async () => {
    const text = await ok(["flavor-list", "-f", "yaml"]);
    expect(parseYaml(text)).toEqual(expected());
    expect(text).toContain("- ID: '1'\n  Name: m1.tiny\n  Memory_MiB: 512\n");
    expect(text).toContain("  RXTX_Factor: 2.0\n");
    expect(text).toContain("  Description: null\n");
  });

  it("csv: a header line, then each row with strings quoted and numbers bare", async () => {
    const lines = (await ok(["flavor-list", "-f", "csv"])).trimEnd().split("\n");
    expect(lines[0]).toBe('"ID","Name","Memory_MiB","Disk","Ephemeral","Swap","VCPUs","RXTX_Factor","Is_Public","Description"');
    const csv = (row: string[]) =>
      row
        .map((cell, i) => {
          const value = FLAVOR_TYPES[table.headers[i]!]!(cell);
          if (typeof value === "number") return cell;
          if (typeof value === "boolean") return value ? "True" : "False";
          return `"${String(value ?? "")
            .replace(/\\/g, "\\\\")
            .replace(/"/g, '""')}"`;
        })
        .join(",");
    expect(lines.slice(1)).toEqual(table.rows.map(csv));
    const id = table.rows.find((row) => row[1] === "fmt.test")![0];
    expect(lines).toContain(`"${id}","fmt.test",1234,56,3,89,7,2.0,True,"say ""hi"" to $HOME and \`id\` \\\\ there"`);
  });

  it("value: each row's values separated by spaces, no header; None for null", async () => {
    const text = await ok(["flavor-list", "-f", "value"]);
    expect(text.trimEnd().split("\n")).toEqual(table.rows.map((row) => row.map((cell, i) => (table.headers[i] === "Description" && cell === "-" ? "None" : cell)).join(" ")));
  });

  it("-c twice: only those columns, in the table's order whatever order they are given in", async () => {
    const data = JSON.parse(await ok(["flavor-list", "-f", "json", "-c", "VCPUs", "-c", "Name"])) as Record<string, unknown>[];
    expect(data.map((r) => Object.keys(r))).toEqual(table.rows.map(() => ["Name", "VCPUs"]));
    expect(data).toEqual(table.rows.map((row) => ({ Name: row[1], VCPUs: Number(row[6]) })));
    const narrow = readTable(await ok(["flavor-list", "-c", "Memory_MiB", "-c", "ID"]));
    expect(narrow).toEqual({ headers: ["ID", "Memory_MiB"], rows: table.rows.map((row) => [row[0], row[2]]) });
    expect(await ok(["flavor-list", "-f", "value", "-c", "Disk"])).toBe(`${table.rows.map((row) => row[3]).join("\n")}\n`);
  });

  it("--max-width on a list: the columns wider than their share wrapped, the others as they were", async () => {
    const text = await ok(["flavor-list", "-c", "Name", "-c", "Description", "--max-width", "30"]);
    const at = text.indexOf("| fmt.test ");
    // Name (9) fits its share of 23; Description gets the 14 left, its text wrapped by words.
    expect(text.slice(at).split("\n").slice(0, 3)).toEqual(["| fmt.test  | say \"hi\" to    |", "|           | $HOME and `id` |", "|           | \\ there        |"]);
    expect(text.trimEnd().split("\n").every((line) => line.length === 30)).toBe(true);
  });

  it("the options may come before the command, and -f table is python-novaclient's table", async () => {
    expect(JSON.parse(await ok(["-f", "json", "-c", "Name", "flavor-list"]))).toEqual(table.rows.map((row) => ({ Name: row[1] })));
    expect(await ok(["flavor-list", "-f", "table", "--max-width", "0"])).toBe(await ok(["flavor-list"]));
  });

  it("list (servers, built page by page for the table) prints the fields' values, null for a null task state", async () => {
    const shown = readTable(await ok(["list"]));
    const data = JSON.parse(await ok(["list", "-f", "json"])) as Record<string, unknown>[];
    expect(shown.headers).toEqual(["ID", "Name", "Status", "Task State", "Power State", "Networks"]);
    expect(data).toEqual(shown.rows.map((row) => ({ ID: row[0], Name: row[1], Status: row[2], "Task State": row[3] === "-" ? null : row[3], "Power State": row[4], Networks: row[5] })));
    expect(data.length).toBeGreaterThan(1);
  });

  it("an unknown column is cliff's error in one line, exit 1", async () => {
    const r = await nova(["flavor-list", "-c", "Nope", "-f", "json"], env);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      1,
      "",
      "ERROR (CommandError): No recognized column names in ['Nope']. Recognized columns are ('ID', 'Name', 'Memory_MiB', 'Disk', 'Ephemeral', 'Swap', 'VCPUs', 'RXTX_Factor', 'Is_Public', 'Description').\n",
    ]);
  });

  it("shell is for properties: on a list it is refused in one line, before any request", async () => {
    const before = cloud.requests.length;
    const r = await nova(["flavor-list", "-f", "shell"], env);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, "", "ERROR (CommandError): argument -f/--format: invalid choice: 'shell' (choose from 'csv', 'json', 'table', 'value', 'yaml')\n"]);
    expect(cloud.requests.slice(before).filter((q) => q.includes("/compute/"))).toEqual(["GET /compute/v2.1"]);
    // A command that creates, then prints a list, creates nothing.
    const create = await nova(["flavor-create", "-f", "shell", "never.made", "auto", "64", "1", "1"], env);
    expect(create.code).toBe(1);
    expect([...cloud.state.flavors.values()].some((f) => f.name === "never.made")).toBe(false);
  });
});

describe("-f/--format on properties (flavor-show)", () => {
  let properties: Map<string, string>;
  beforeAll(async () => {
    properties = new Map(readTable(await ok(["flavor-show", "fmt.test"])).rows.map(([k, v]) => [k!, v!]));
    expect(properties.get("ram")).toBe("1234");
  });
  /** What print_dict shows for a value: - for null, Python's True/False, dicts as JSON. */
  const shown = (value: unknown) =>
    value === null ? "-" : typeof value === "boolean" ? (value ? "True" : "False") : typeof value === "object" ? JSON.stringify(value).replace(/":"/g, '": "') : String(value);

  it("json: one object of every property, in the table's order, with the values themselves", async () => {
    const text = await ok(["flavor-show", "fmt.test", "-f", "json"]);
    const data = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual([...properties.keys()]);
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === "number") expect(Number(properties.get(key)), key).toBe(value);
      else expect(shown(value), key).toBe(properties.get(key));
    }
    expect(data).toMatchObject({ ram: 1234, disk: 56, vcpus: 7, swap: 89, "OS-FLV-EXT-DATA:ephemeral": 3, rxtx_factor: 2, extra_specs: { "hw:cpu_policy": "dedicated" }, description: DESCRIPTION });
    expect(text).toContain('  "rxtx_factor": 2.0,\n');
    expect(text).toContain('  "extra_specs": {\n    "hw:cpu_policy": "dedicated"\n  },\n');
    const flat = await ok(["flavor-show", "fmt.test", "-f", "json", "--noindent"]);
    expect(flat).toContain('"extra_specs": {"hw:cpu_policy": "dedicated"}, "id": ');
    expect(JSON.parse(flat)).toEqual(data);
  });

  it("yaml: the same mapping", async () => {
    const json = JSON.parse(await ok(["flavor-show", "fmt.test", "-f", "json"])) as unknown;
    const text = await ok(["flavor-show", "fmt.test", "-f", "yaml"]);
    expect(parseYaml(text)).toEqual(json);
    expect(text).toContain("extra_specs:\n  hw:cpu_policy: dedicated\n");
  });

  it("shell: name=\"value\" lines that a shell reads back as they were, with --prefix", async () => {
    const text = await ok(["flavor-show", "fmt.test", "-f", "shell", "--prefix", "fl_"]);
    expect(text).toContain('fl_ram="1234"\nfl_rxtx_factor="2.0"\n');
    expect(text).toContain('fl_os_flv_ext_data_ephemeral="3"\n');
    expect(text).toContain('fl_extra_specs="{\'hw:cpu_policy\': \'dedicated\'}"\n');
    const names = [...properties.keys()].map((k) => `fl_${k.toLowerCase().replace(/[ :-]/g, "_")}`);
    expect(text.trimEnd().split("\n").map((line) => line.split("=")[0])).toEqual(names);
    const { stdout } = await run("bash", ["-c", `eval "$1"; printf '%s\\n' "$fl_description" "$fl_name" "$fl_vcpus"`, "bash", text]);
    expect(stdout).toBe(`${DESCRIPTION}\nfmt.test\n7\n`);
  });

  it("value: one value a line; -c keeps the table's order", async () => {
    const all = await ok(["flavor-show", "fmt.test", "-f", "value"]);
    expect(all.trimEnd().split("\n")).toHaveLength(properties.size);
    expect(await ok(["flavor-show", "fmt.test", "-f", "value", "-c", "ram", "-c", "name"])).toBe("fmt.test\n1234\n");
  });

  it("-c on the table: only those properties", async () => {
    expect(readTable(await ok(["flavor-show", "fmt.test", "-c", "vcpus", "-c", "disk"])).rows).toEqual([
      ["disk", "56"],
      ["vcpus", "7"],
    ]);
    const r = await nova(["flavor-show", "fmt.test", "-c", "VCPUs"], env);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^ERROR \(CommandError\): No recognized column names in \['VCPUs'\]\. Recognized columns are \('OS-FLV-DISABLED:disabled', .*'vcpus'\)\.\n$/);
  });

  it("csv is for lists: refused on properties before anything is sent", async () => {
    const r = await nova(["flavor-show", "fmt.test", "-f", "csv"], env);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, "", "ERROR (CommandError): argument -f/--format: invalid choice: 'csv' (choose from 'json', 'shell', 'table', 'value', 'yaml')\n"]);
  });

  it("--max-width: no line wider, the widest columns' text wrapped (none under 16 in properties)", async () => {
    const wide = await ok(["flavor-show", "fmt.test"]);
    const text = await ok(["flavor-show", "fmt.test", "--max-width", "40"]);
    const lines = text.trimEnd().split("\n");
    expect(Math.max(...wide.trimEnd().split("\n").map((l) => l.length))).toBeGreaterThan(40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    // The property column 16 wide, the value column the rest: 1 + (16 + 3) + (17 + 3).
    expect(lines[0]).toBe(`+${"-".repeat(18)}+${"-".repeat(19)}+`);
    expect(lines).toContain("| os-flavor-       | True              |");
    expect(lines).toContain("| access:is_public |                   |");
    // The wrapped description reads as it was, once its lines are joined again.
    const at = lines.findIndex((l) => l.startsWith("| description "));
    const pieces = lines.slice(at, at + 4).map((l) => l.split("|")[2]!.trim());
    expect(pieces.join(" ").startsWith(DESCRIPTION)).toBe(true);
  });
});

describe("output options around the data", () => {
  it("in a format for programs, a command's message goes to stderr and stdout is the data", async () => {
    const r = await nova(["aggregate-create", "fmt-agg", "-f", "json"], env);
    expect(r.code, r.stderr).toBe(0);
    const add = await nova(["aggregate-add-host", "fmt-agg", "sandbox", "-f", "json", "--noindent"], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/^Host sandbox has been successfully added for aggregate \d+ ?\n$/);
    expect(JSON.parse(add.stdout)).toEqual([expect.objectContaining({ Name: "fmt-agg", Hosts: ["sandbox"], "Availability Zone": null })]);
  });

  it("nova help <command> lists the output options for a command that prints a table, not for others", async () => {
    const list = await ok(["help", "flavor-list"]);
    expect(list).toContain("Output formatters:");
    expect(list).toMatch(/-f, --format/);
    expect(list).toMatch(/-c, --column/);
    expect(list).toContain("--max-width");
    expect(list).toContain("--noindent");
    expect(await ok(["help", "show"])).toContain("Output formatters:");
    expect(await ok(["help", "delete"])).not.toContain("--format");
    expect(await ok(["help"])).toContain("Output formatters:");
  });

  it("the raw --json stays what it was", async () => {
    const raw = JSON.parse(await ok(["--json", "flavor-show", "fmt.test"])) as { flavor: { name: string; links: unknown[] } };
    expect(raw.flavor.name).toBe("fmt.test");
    expect(raw.flavor.links).toBeDefined();
  });
});
