import { NovaClientError } from "../core/errors.js";
import type { Credentials } from "./keystone.js";

/** One cloud of a parsed clouds.yaml (the mapping under `clouds.<name>`), as openstacksdk reads it. */
export type CloudConfig = Record<string, unknown>;

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

export const isMapping = (value: unknown): value is CloudConfig => typeof value === "object" && value !== null && !Array.isArray(value);

const AUTH_TYPES = ["password", "v3password", "token", "v3token", "v3applicationcredential", "applicationcredential"];

/**
 * A cloud's settings as client options; `where` names it in errors (the file and key). A value
 * of the wrong kind is one CommandError naming its key.
 */
export function cloudOptions(cloud: CloudConfig, where: string): CloudOptions {
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

/** The options given over a cloud's settings: what the caller states wins, as in openstacksdk. */
export function overCloud<O extends object>(cloud: CloudOptions, given: O): CloudOptions & O {
  return { ...cloud, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as CloudOptions & O;
}
