import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { NovaClientError } from "../core/errors.js";
import type { Credentials } from "./keystone.js";

/** What a cloud of clouds.yaml gives a client: its credentials and connection settings. */
export interface CloudOptions extends Partial<Credentials> {
  /** clouds.yaml's auth_type, as written (password when it has none). */
  authType?: string;
  region?: string;
  interface?: string;
  insecure?: boolean;
  cacert?: string;
  microversion?: string;
  timeout?: number;
}

export interface LoadedCloud {
  /** The clouds.yaml the cloud came from. */
  file: string;
  options: CloudOptions;
}

type Env = Record<string, string | undefined>;
type Mapping = Record<string, unknown>;

const FILES = ["clouds.yaml", "clouds.yml", "clouds.json"];
const SECURE = ["secure.yaml", "secure.yml", "secure.json"];

/** openstacksdk's search path: the current folder, the user's, the system's; an explicit file first. */
function candidates(names: string[], explicit: string | undefined, env: Env, cwd: string): string[] {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  const folders = [cwd, join(config, "openstack"), "/etc/openstack"];
  return [...(explicit ? [resolve(cwd, explicit)] : []), ...folders.flatMap((folder) => names.map((name) => join(folder, name)))];
}

const isMapping = (value: unknown): value is Mapping => typeof value === "object" && value !== null && !Array.isArray(value);

function readMapping(file: string): Mapping {
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
function merge(base: Mapping, over: Mapping): Mapping {
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isMapping(value) && isMapping(out[key]) ? merge(out[key] as Mapping, value) : value;
  return out;
}

const AUTH_TYPES = ["password", "v3password", "token", "v3token", "v3applicationcredential", "applicationcredential"];

/**
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
  let cloud: Mapping = found;
  const secureFile = candidates(SECURE, env.OS_CLIENT_SECURE_FILE, env, cwd).find((f) => existsSync(f));
  if (secureFile) {
    const secure = readMapping(secureFile).clouds;
    if (secure !== undefined && !isMapping(secure)) throw new NovaClientError("CommandError", `${secureFile}: "clouds" must be a mapping of cloud names`);
    if (isMapping(secure?.[name])) cloud = merge(cloud, secure[name] as Mapping);
  }
  return { file, options: cloudOptions(cloud, `${file}: clouds.${name}`) };
}

function cloudOptions(cloud: Mapping, where: string): CloudOptions {
  const text = (value: unknown, key: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string" || typeof value === "number") return String(value);
    throw new NovaClientError("CommandError", `${where}.${key} must be a string`);
  };
  const auth = cloud.auth ?? {};
  if (!isMapping(auth)) throw new NovaClientError("CommandError", `${where}.auth must be a mapping`);
  const a = (key: string) => text(auth[key], `auth.${key}`);
  const authType = text(cloud.auth_type, "auth_type") ?? "password";
  if (!AUTH_TYPES.includes(authType)) throw new NovaClientError("CommandError", `${where}.auth_type ${authType} is not supported (${AUTH_TYPES.join(", ")})`);

  const options: CloudOptions = { authUrl: a("auth_url"), authType };
  const domainName = a("domain_name");
  const domainId = a("domain_id");
  const user = { username: a("username") ?? a("user_name"), userId: a("user_id"), userDomainName: a("user_domain_name") ?? domainName, userDomainId: a("user_domain_id") ?? domainId };
  const project = {
    projectName: a("project_name") ?? a("tenant_name"),
    projectId: a("project_id") ?? a("tenant_id"),
    projectDomainName: a("project_domain_name") ?? domainName,
    projectDomainId: a("project_domain_id") ?? domainId,
  };
  if (authType.endsWith("applicationcredential")) {
    Object.assign(options, user, { applicationCredentialId: a("application_credential_id"), applicationCredentialName: a("application_credential_name"), applicationCredentialSecret: a("application_credential_secret") });
  } else if (authType.endsWith("token")) {
    Object.assign(options, project, { token: a("token") });
  } else {
    Object.assign(options, user, project, { password: a("password") });
  }
  options.region = text(cloud.region_name, "region_name");
  options.interface = text(cloud.interface, "interface");
  options.cacert = text(cloud.cacert, "cacert");
  if (cloud.verify !== undefined) {
    if (typeof cloud.verify !== "boolean") throw new NovaClientError("CommandError", `${where}.verify must be true or false`);
    options.insecure = !cloud.verify;
  }
  // "2" is the major version alone: the newest 2.x both sides know.
  const version = text(cloud.compute_api_version, "compute_api_version");
  if (version !== undefined) options.microversion = /^\d+$/.test(version) ? `${version}.latest` : version;
  const timeout = cloud.api_timeout;
  if (timeout !== undefined) {
    if (typeof timeout !== "number" || !(timeout > 0)) throw new NovaClientError("CommandError", `${where}.api_timeout must be a number of seconds`);
    options.timeout = timeout;
  }
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CloudOptions;
}
