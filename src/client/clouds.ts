import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { NovaClientError } from "../core/errors.js";
import { type CloudConfig, type CloudOptions, cloudOptions, isMapping } from "./cloud-config.js";

export interface LoadedCloud {
  /** The clouds.yaml the cloud came from. */
  file: string;
  options: CloudOptions;
}

type Env = Record<string, string | undefined>;

const FILES = ["clouds.yaml", "clouds.yml", "clouds.json"];
const SECURE = ["secure.yaml", "secure.yml", "secure.json"];

/** openstacksdk's search path: the current folder, the user's, the system's; an explicit file first. */
function candidates(names: string[], explicit: string | undefined, env: Env, cwd: string): string[] {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  const folders = [cwd, join(config, "openstack"), "/etc/openstack"];
  return [...(explicit ? [resolve(cwd, explicit)] : []), ...folders.flatMap((folder) => names.map((name) => join(folder, name)))];
}

function readMapping(file: string): CloudConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new NovaClientError("CommandError", `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const doc = parseDocument(text);
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    const reason = problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new NovaClientError("CommandError", `${file}${at ? `, line ${at.line}, column ${at.col}` : ""}: not valid YAML (${reason})`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (!isMapping(data)) throw new NovaClientError("CommandError", `${file}: the file must be a mapping with a "clouds" key`);
  return data;
}

/** secure.yaml over clouds.yaml, key by key (openstacksdk's merge). */
function merge(base: CloudConfig, over: CloudConfig): CloudConfig {
  const out: CloudConfig = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isMapping(value) && isMapping(out[key]) ? merge(out[key] as CloudConfig, value) : value;
  return out;
}

/**
 * clouds.yaml from disk (Node only; elsewhere a caller passes the parsed cloud, see cloud-config.ts).
 * Finds `name` in the first clouds.yaml on openstacksdk's search path (OS_CLIENT_CONFIG_FILE, then
 * ./, ~/.config/openstack/, /etc/openstack/), with secure.yaml merged in, and turns it into client
 * options. A missing file or cloud, bad YAML or a value of the wrong kind is one CommandError
 * naming the file and the key.
 */
export function loadCloud(name: string, env: Env = process.env, cwd: string = process.cwd()): LoadedCloud {
  const file = candidates(FILES, env.OS_CLIENT_CONFIG_FILE, env, cwd).find((f) => existsSync(f));
  if (!file) throw new NovaClientError("CommandError", `Cloud ${name} was not found: there is no clouds.yaml in ${cwd}, ~/.config/openstack or /etc/openstack (or OS_CLIENT_CONFIG_FILE).`);
  const clouds = readMapping(file).clouds;
  if (!isMapping(clouds)) throw new NovaClientError("CommandError", `${file}: "clouds" must be a mapping of cloud names`);
  const found = clouds[name];
  if (found === undefined) throw new NovaClientError("CommandError", `Cloud ${name} was not found in ${file} (it has: ${Object.keys(clouds).join(", ") || "none"}).`);
  if (!isMapping(found)) throw new NovaClientError("CommandError", `${file}: clouds.${name} must be a mapping`);
  let cloud: CloudConfig = found;
  const secureFile = candidates(SECURE, env.OS_CLIENT_SECURE_FILE, env, cwd).find((f) => existsSync(f));
  if (secureFile) {
    const secure = readMapping(secureFile).clouds;
    if (secure !== undefined && !isMapping(secure)) throw new NovaClientError("CommandError", `${secureFile}: "clouds" must be a mapping of cloud names`);
    if (isMapping(secure?.[name])) cloud = merge(cloud, secure[name] as CloudConfig);
  }
  return { file, options: cloudOptions(cloud, `${file}: clouds.${name}`) };
}
