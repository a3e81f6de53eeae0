import yargs from "yargs";
import { stringify } from "yaml";
import { NovaClientError } from "../core/errors.js";
import { formatVersion, parseVersion } from "../core/version.js";
import { type VersionChanges, specAt, specChanges, specVersions } from "./index.js";

export interface SpecCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `nova-spec [--microversion X.Y] [--format json|yaml]
nova-spec --changes [A..B]

Prints the Compute API spec as a standard OpenAPI 3.1 document: at one microversion, or the union
of ${specVersions.min} to ${specVersions.max}. With --changes, what the spec says changed at each microversion.`;

/** `A..B`, or `B` alone (what changed at B), or "" (the whole history). */
function range(text: string): [string, string] {
  if (text === "") return [specVersions.min, specVersions.max];
  const m = /^([^.]+\.[^.]+)\.\.([^.]+\.[^.]+)$/.exec(text);
  if (m) return [m[1]!, m[2]!];
  const version = parseVersion(text);
  return [formatVersion({ major: version.major, minor: version.minor - 1 }), text];
}

function changesText(history: VersionChanges[]): string {
  return history.map(({ version, changes }) => [version, ...(changes.length ? changes : ["(nothing the spec describes)"]).map((c) => `  ${c}`)].join("\n")).join("\n");
}

/** The nova-spec command: its exit status. */
export async function runSpecCli(args: string[], io: SpecCliIo): Promise<number> {
  let failure: string | undefined;
  const argv = await yargs(args)
    .scriptName("nova-spec")
    .usage(USAGE)
    .option("microversion", { type: "string", describe: `One microversion (${specVersions.min} to ${specVersions.max}, or 2.latest); without it, the union of all` })
    .option("format", { choices: ["json", "yaml"] as const, describe: "Output format (default: json; for --changes, text)" })
    .option("changes", { type: "string", describe: "What changed: A..B (each version after A up to B), B (at B), or nothing for the whole history" })
    .conflicts("changes", "microversion")
    // An option given twice is the last one, not a list.
    .parserConfiguration({ "duplicate-arguments-array": false })
    .strict()
    .version(false)
    .help()
    .wrap(null)
    .exitProcess(false)
    .fail((msg, err) => {
      failure = (msg ?? err?.message ?? "").replace(/\s*\n\s*/g, " ");
    })
    .parseAsync();
  if (failure !== undefined) {
    io.err(`nova-spec: ${failure} (nova-spec --help tells the options)`);
    return 2;
  }
  if (argv.help) return 0;
  const print = (value: unknown) => io.out(argv.format === "yaml" ? stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 }) : JSON.stringify(value, null, 2));
  try {
    if (argv.changes !== undefined) {
      const history = specChanges(...range(argv.changes));
      if (argv.format) print(history);
      else io.out(changesText(history));
    } else print(specAt(argv.microversion));
    return 0;
  } catch (error) {
    if (!(error instanceof NovaClientError)) throw error;
    io.err(`nova-spec: ${error.message}`);
    return 1;
  }
}
