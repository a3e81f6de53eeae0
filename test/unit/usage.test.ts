import { describe, expect, it } from "vitest";
import { commands } from "../../generated/commands.js";
import { usageError } from "../../src/cli/usage.js";
import { YARGS_STRINGS } from "../../src/cli/yargs-strings.js";

/** What yargs reports, given YARGS_STRINGS: its string for `key` with the values put in, as y18n puts them. */
function yargsSays(key: keyof typeof YARGS_STRINGS, ...values: string[]): string {
  const entry = YARGS_STRINGS[key];
  return (typeof entry === "string" ? entry : entry.other).replace(/%s/g, () => values.shift()!);
}

const flavorCreate = commands.find((c) => c.name === "flavor-create")!;
const missing = yargsSays("Not enough non-option arguments: got %s, need at least %s", "1", "5");

describe("usage errors in argparse's form", () => {
  // Expected texts: python-novaclient 18.1 (Python 3.11), `COLUMNS=<n> nova flavor-create x`.
  it("wraps the usage line under the command at 80 columns", () => {
    expect(usageError(missing, flavorCreate, ["flavor-create", "x"], 80)).toBe(
      "usage: nova flavor-create [--ephemeral <ephemeral>] [--swap <swap>]\n                          [--rxtx-factor <factor>] [--is-public <is-public>]\n                          [--description <description>]\n                          <name> <id> <ram> <disk> <vcpus>\nerror: the following arguments are required: <id>, <ram>, <disk>, <vcpus>\nTry 'nova help flavor-create' for more information.",
    );
  });

  it("puts the parts under 'usage:' when the command name takes most of a narrow terminal", () => {
    expect(usageError(missing, flavorCreate, ["flavor-create", "x"], 20)).toBe(
      "usage: nova flavor-create\n       [--ephemeral <ephemeral>]\n       [--swap <swap>]\n       [--rxtx-factor <factor>]\n       [--is-public <is-public>]\n       [--description <description>]\n       <name> <id>\n       <ram>\n       <disk>\n       <vcpus>\nerror: the following arguments are required: <id>, <ram>, <disk>, <vcpus>\nTry 'nova help flavor-create' for more information.",
    );
  });

  it("words yargs' other failures as argparse does", () => {
    const flavorKey = commands.find((c) => c.name === "flavor-key")!;
    const error = (message: string, argv: string[], spec = flavorKey) => usageError(message, spec, argv, 80).split("\n").at(-2);
    const invalid = `${yargsSays("Invalid values:")}\n  ${yargsSays("Argument: %s, Given: %s, Choices: %s", "action", '"bogus"', '"set", "unset"')}`;
    expect(error(invalid, ["flavor-key", "x", "bogus", "a"])).toBe("error: argument <action>: invalid choice: 'bogus'");
    expect(usageError(yargsSays("Unknown argument: %s", "bogus-flag, bogusFlag"), flavorKey, ["flavor-key", "--bogus-flag", "x"], 80)).toBe(
      "usage: nova [options] <subcommand> ...\nerror: unrecognized arguments: --bogus-flag\nTry 'nova help ' for more information.",
    );
    expect(error(yargsSays("Not enough arguments following: %s", "marker"), ["flavor-list", "--marker"], commands.find((c) => c.name === "flavor-list")!)).toBe("error: argument --marker: expected one argument");
    expect(usageError(yargsSays("Unknown argument: %s", "nosuch"), undefined, ["nosuch"], 80)).toBe("usage: nova [options] <subcommand> ...\nerror: argument <subcommand>: invalid choice: 'nosuch'\nTry 'nova help ' for more information.");
    const quotaDelete = commands.find((c) => c.name === "quota-delete")!;
    expect(usageError(yargsSays("Missing required argument: %s", "tenant"), quotaDelete, ["quota-delete"], 80)).toBe(
      "usage: nova quota-delete --tenant <tenant-id> [--user <user-id>]\nerror: the following arguments are required: --tenant\nTry 'nova help quota-delete' for more information.",
    );
  });
});
