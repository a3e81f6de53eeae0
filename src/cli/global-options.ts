import type { Options } from "yargs";
import { NovaClientError } from "../core/errors.js";
import { coercion, nonNegativeInt, positiveFloat } from "./coerce.js";
import type { CloudOptions } from "../client/cloud-config.js";
import type { NovaClientOptions } from "../resources/node-client.js";

type Env = Record<string, string | undefined>;

/** The first non-empty of several environment variables (python-novaclient's utils.env). */
const env = (e: Env, ...names: string[]) => names.map((n) => e[n]).find((v) => v !== undefined && v !== "");

const AUTH_TYPES = ["password", "v3password", "token", "v3token", "v3applicationcredential", "applicationcredential"];

/** The OS_* variable each client option of a clouds.yaml cloud stands for (see withCloud). */
const CLOUD_VARIABLES: Record<keyof CloudOptions, string | undefined> = {
  authUrl: "OS_AUTH_URL",
  username: "OS_USERNAME",
  userId: "OS_USER_ID",
  password: "OS_PASSWORD",
  token: "OS_TOKEN",
  projectName: "OS_PROJECT_NAME",
  projectId: "OS_PROJECT_ID",
  userDomainName: "OS_USER_DOMAIN_NAME",
  userDomainId: "OS_USER_DOMAIN_ID",
  projectDomainName: "OS_PROJECT_DOMAIN_NAME",
  projectDomainId: "OS_PROJECT_DOMAIN_ID",
  applicationCredentialId: "OS_APPLICATION_CREDENTIAL_ID",
  applicationCredentialName: "OS_APPLICATION_CREDENTIAL_NAME",
  applicationCredentialSecret: "OS_APPLICATION_CREDENTIAL_SECRET",
  authType: "OS_AUTH_TYPE",
  region: "OS_REGION_NAME",
  interface: "OS_ENDPOINT_TYPE",
  cacert: "OS_CACERT",
  insecure: "NOVACLIENT_INSECURE",
  microversion: "OS_COMPUTE_API_VERSION",
  // The CLI has --timeout and no variable for it: clouds.yaml's api_timeout is the library's.
  timeout: undefined,
};

/** The cloud --os-cloud (or env[OS_CLOUD]) names, looked for in the words before any "--". */
function cloudName(argv: readonly string[], e: Env): string | undefined {
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s);
    if (flag === "--os-cloud") return inline ?? argv[i + 1];
  }
  return env(e, "OS_CLOUD");
}

/**
 * The environment with a clouds.yaml cloud's settings added as the OS_* variables they stand for,
 * where the environment has none: options beat variables, variables beat the file (openstacksdk's
 * precedence, so a password can stay out of clouds.yaml in OS_PASSWORD).
 */
export async function withCloud(argv: readonly string[], e: Env): Promise<Env> {
  const name = cloudName(argv, e);
  if (!name) return e;
  const { loadCloud } = await import("../client/clouds.js");
  const { options } = loadCloud(name, e);
  const added: Env = {};
  for (const [key, value] of Object.entries(options)) {
    const variable = CLOUD_VARIABLES[key as keyof CloudOptions];
    if (variable && value !== undefined && env(e, variable) === undefined) added[variable] = typeof value === "boolean" ? (value ? "1" : "") : String(value);
  }
  return { ...e, ...added };
}

/** python-novaclient's global options, each with the environment variables it falls back to. */
export function globalOptions(e: Env): Record<string, Options> {
  const opt = (describe: string, vars: string[] = [], extra: Options = {}): Options => ({
    type: "string",
    describe: vars.length ? `${describe} Defaults to env[${vars[0]}].` : describe,
    default: env(e, ...vars),
    defaultDescription: vars.length ? `env[${vars[0]}]` : undefined,
    global: true,
    ...extra,
  });
  const secret = (describe: string, vars: string[]): Options => ({ ...opt(describe, vars), default: undefined });
  return {
    "os-username": opt("Username.", ["OS_USERNAME", "NOVA_USERNAME"], { alias: "os-user-name" }),
    "os-user-id": opt("User id.", ["OS_USER_ID"]),
    "os-password": secret("User's password (never printed or logged).", ["OS_PASSWORD", "NOVA_PASSWORD"]),
    "os-token": secret("An existing Keystone token instead of a password.", ["OS_TOKEN"]),
    "os-cloud": opt("A cloud of clouds.yaml (./, ~/.config/openstack/, /etc/openstack/; secure.yaml merged in): its settings apply where no option or OS_* variable gives one.", ["OS_CLOUD"]),
    "os-auth-type": opt(`Authentication type: ${AUTH_TYPES.join(", ")} (default: from the credentials given).`, ["OS_AUTH_TYPE"], { alias: "os-auth-plugin" }),
    "os-application-credential-id": opt("Application credential id (with --os-auth-type v3applicationcredential).", ["OS_APPLICATION_CREDENTIAL_ID"]),
    "os-application-credential-name": opt("Application credential name, with the user who owns it.", ["OS_APPLICATION_CREDENTIAL_NAME"]),
    "os-application-credential-secret": secret("Application credential secret (never printed or logged).", ["OS_APPLICATION_CREDENTIAL_SECRET"]),
    "os-project-name": opt("Project name to scope to.", ["OS_PROJECT_NAME", "OS_TENANT_NAME", "NOVA_PROJECT_ID"], { alias: "os-tenant-name" }),
    "os-project-id": opt("Project ID to scope to.", ["OS_PROJECT_ID", "OS_TENANT_ID"], { alias: "os-tenant-id" }),
    "os-user-domain-name": opt("User's domain name.", ["OS_USER_DOMAIN_NAME"]),
    "os-user-domain-id": opt("User's domain id.", ["OS_USER_DOMAIN_ID"]),
    "os-project-domain-name": opt("Domain name containing project.", ["OS_PROJECT_DOMAIN_NAME"]),
    "os-project-domain-id": opt("Domain ID containing project.", ["OS_PROJECT_DOMAIN_ID"]),
    "os-auth-url": opt("Authentication URL (Keystone v3).", ["OS_AUTH_URL", "NOVA_URL"]),
    "os-region-name": opt("Region of the compute endpoint.", ["OS_REGION_NAME", "NOVA_REGION_NAME"]),
    "os-endpoint-type": opt("public, internal or admin (publicURL etc. work too).", ["NOVA_ENDPOINT_TYPE", "OS_ENDPOINT_TYPE"], {
      default: env(e, "NOVA_ENDPOINT_TYPE", "OS_ENDPOINT_TYPE") ?? "publicURL",
    }),
    "service-type": opt("Defaults to compute for most actions."),
    "service-name": opt("Service name in the catalog.", ["NOVA_SERVICE_NAME"]),
    "os-compute-api-version": opt('Accepts X.Y or "X.latest".', ["OS_COMPUTE_API_VERSION"], {
      default: env(e, "OS_COMPUTE_API_VERSION") ?? "2.latest",
    }),
    "bypass-url": opt("Use this API endpoint instead of the Service Catalog.", ["OS_ENDPOINT_OVERRIDE", "NOVACLIENT_ENDPOINT_OVERRIDE", "NOVACLIENT_BYPASS_URL"], {
      alias: "os-endpoint-override",
    }),
    insecure: { type: "boolean", describe: 'Explicitly allow "insecure" TLS (https) requests.', default: Boolean(env(e, "NOVACLIENT_INSECURE")), global: true },
    "os-cacert": opt("CA bundle file to verify TLS (https) server certificates.", ["OS_CACERT"]),
    timeout: { type: "string", describe: "Set request timeout (in seconds).", default: 600, coerce: positiveFloat("--timeout"), global: true },
    retries: {
      type: "string",
      describe: "Retry a request this many times after a connection failure, or a 502/503/504 (idempotent requests) or 429 with Retry-After (default 0).",
      coerce: (value: unknown) => (value === undefined ? undefined : nonNegativeInt("--retries")(value)),
      global: true,
    },
    timings: { type: "boolean", describe: "Print call timing info.", default: false, global: true },
    debug: { type: "boolean", describe: "Print debugging output (secrets redacted).", default: false, global: true },
    json: { type: "boolean", describe: "Print the raw JSON result instead of a table.", default: false, global: true },
    "os-cache": {
      type: "boolean",
      describe: "Keep the Keystone token between runs (0600 file in the user's cache dir; never the password). Defaults to env[OS_CACHE].",
      default: ["1", "t", "true", "on", "y", "yes"].includes((env(e, "OS_CACHE") ?? "").toLowerCase()),
      global: true,
    },
    ...OUTPUT_OPTIONS,
  };
}

/** An option's words on a command line: --name, its aliases, -x for a one-letter one. */
export const optionWords = (name: string, o: Options) => [name, ...[o.alias ?? []].flat()].map((n) => (n.length === 1 ? `-${n}` : `--${n}`));

/** openstackclient's output formats (cliff's formatters); table is python-novaclient's. */
export const FORMATS = ["table", "json", "yaml", "value", "csv", "shell"] as const;
export type Format = (typeof FORMATS)[number];

const OUTPUT = "Output formatters:";

/** openstackclient's (cliff's) options for a command's table or properties; help lists them apart. */
export const OUTPUT_OPTIONS: Record<string, Options> = {
  format: {
    alias: "f",
    type: "string",
    choices: [...FORMATS],
    default: "table",
    describe: "How a table or properties are printed: table (python-novaclient's), json, yaml, value, csv (a list only) or shell (properties only: name=\"value\" lines).",
    group: OUTPUT,
    global: true,
  },
  column: { alias: "c", type: "string", describe: "Print only this column (of a list) or property; repeat for more. They keep the table's order.", group: OUTPUT, global: true },
  noindent: { type: "boolean", describe: "JSON without indentation.", default: false, group: OUTPUT, global: true },
  "max-width": {
    type: "string",
    describe: "The table's lines at most this wide: the widest columns' text is wrapped (below 1: no limit).",
    coerce: coercion({ name: "max-width", type: "integer" }, "--max-width"),
    group: OUTPUT,
    global: true,
  },
  prefix: { type: "string", describe: "A prefix for every variable name of the shell format.", default: "", group: OUTPUT, global: true },
};

export type GlobalArgs = Record<string, unknown> & {
  "os-username"?: string;
  "os-user-id"?: string;
  "os-password"?: string;
  "os-token"?: string;
  "os-auth-type"?: string;
  "os-application-credential-id"?: string;
  "os-application-credential-name"?: string;
  "os-application-credential-secret"?: string;
  "os-project-name"?: string;
  "os-project-id"?: string;
  "os-user-domain-name"?: string;
  "os-user-domain-id"?: string;
  "os-project-domain-name"?: string;
  "os-project-domain-id"?: string;
  "os-auth-url"?: string;
  "os-region-name"?: string;
  "os-endpoint-type"?: string;
  "service-type"?: string;
  "service-name"?: string;
  "os-compute-api-version"?: string;
  "bypass-url"?: string;
  insecure?: boolean;
  "os-cacert"?: string;
  timeout?: number;
  retries?: number;
  debug?: boolean;
  "os-cache"?: boolean;
};

/** Client options from the global options, with python-novaclient's checks and messages. */
export function clientOptions(a: GlobalArgs, e: Env): NovaClientOptions {
  const password = a["os-password"] ?? env(e, "OS_PASSWORD", "NOVA_PASSWORD");
  const authType = a["os-auth-type"];
  if (authType !== undefined && !AUTH_TYPES.includes(authType)) throw new NovaClientError("CommandError", `--os-auth-type ${authType} is not supported: use one of ${AUTH_TYPES.join(", ")}.`);
  const appCredential = authType ? authType.endsWith("applicationcredential") : Boolean(a["os-application-credential-id"] || a["os-application-credential-name"]);
  const token = appCredential ? undefined : (a["os-token"] ?? env(e, "OS_TOKEN"));
  const endpoint = a["bypass-url"];
  if (appCredential) {
    if (!a["os-auth-url"]) throw new NovaClientError("CommandError", "You must provide an auth url via either --os-auth-url or env[OS_AUTH_URL].");
  } else if (!(token && endpoint)) {
    if (!token && !a["os-username"] && !a["os-user-id"]) {
      throw new NovaClientError(
        "CommandError",
        "You must provide a user name/id (via --os-username, --os-user-id, env[OS_USERNAME] or env[OS_USER_ID]) or an auth token (via --os-token).",
      );
    }
    if (!a["os-project-name"] && !a["os-project-id"]) {
      throw new NovaClientError(
        "CommandError",
        "You must provide a project name or project ID via --os-project-name, --os-project-id, env[OS_PROJECT_ID] or env[OS_PROJECT_NAME]. You may use os-project and os-tenant interchangeably.",
      );
    }
    if (!a["os-auth-url"]) throw new NovaClientError("CommandError", "You must provide an auth url via either --os-auth-url or env[OS_AUTH_URL].");
  }
  if (!(typeof a.timeout === "number" && a.timeout > 0)) throw new NovaClientError("CommandError", `argument --timeout: ${String(a.timeout)} must be greater than 0`);
  return {
    authUrl: a["os-auth-url"],
    username: a["os-username"],
    userId: a["os-user-id"],
    password: token || appCredential ? undefined : (password ?? ""),
    token,
    ...(appCredential
      ? {
          applicationCredentialId: a["os-application-credential-id"],
          applicationCredentialName: a["os-application-credential-name"],
          applicationCredentialSecret: a["os-application-credential-secret"] ?? env(e, "OS_APPLICATION_CREDENTIAL_SECRET") ?? "",
        }
      : { projectName: a["os-project-name"], projectId: a["os-project-id"] }),
    userDomainName: a["os-user-domain-name"],
    userDomainId: a["os-user-domain-id"],
    projectDomainName: a["os-project-domain-name"],
    projectDomainId: a["os-project-domain-id"],
    region: a["os-region-name"],
    interface: a["os-endpoint-type"],
    serviceType: a["service-type"],
    serviceName: a["service-name"],
    microversion: a["os-compute-api-version"],
    endpoint,
    insecure: a.insecure,
    cacert: a["os-cacert"],
    timeout: a.timeout,
    ...(a.retries ? { retries: { connect: a.retries, status: a.retries } } : {}),
  };
}
