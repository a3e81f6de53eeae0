import { MalformedReplyError, NovaClientError, errorFromBody, requestIdOf } from "../core/errors.js";
import { readJsonReply } from "./reply.js";
import type { ServiceSend } from "./services.js";

/** Who to authenticate as. Names need their domain (by name or id); ids do not. */
export interface Credentials {
  authUrl: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** An existing token: rescoped through Keystone unless an endpoint override is given too. */
  token?: string;
  /**
   * An application credential (Keystone's v3applicationcredential): its secret with its id, or
   * with its name and the user who owns it. It carries its own project, so no scope is asked.
   */
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
}

export interface CatalogEndpoint {
  url: string;
  interface: string;
  region?: string;
  region_id?: string;
}

export interface CatalogService {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

export interface KeystoneToken {
  token: string;
  expiresAt?: string;
  userId?: string;
  projectId?: string;
  catalog: CatalogService[];
  /** Compute version documents (by endpoint) learnt with this token, kept with it in a token store. */
  versions?: Record<string, VersionRange>;
}

/** The microversion range of a compute endpoint, as its version document gives it. */
export interface VersionRange {
  min_version?: string;
  version?: string;
}

type Ref = { id: string } | { name: string; domain: { id: string } | { name: string } };

function domainOf(name: string | undefined, id: string | undefined): { id: string } | { name: string } {
  if (id) return { id };
  if (name) return { name };
  return { id: "default" };
}

function scopeOf(c: Credentials): { project: Ref } | undefined {
  if (c.projectId) return { project: { id: c.projectId } };
  if (c.projectName) return { project: { name: c.projectName, domain: domainOf(c.projectDomainName, c.projectDomainId) } };
  return undefined;
}

/** The POST /v3/auth/tokens body for these credentials. */
export function tokenRequestBody(c: Credentials): object {
  let identity: object;
  if (c.applicationCredentialSecret !== undefined || c.applicationCredentialId || c.applicationCredentialName) {
    if (!c.applicationCredentialSecret) throw new NovaClientError("CommandError", "You must provide an application credential secret (--os-application-credential-secret or env[OS_APPLICATION_CREDENTIAL_SECRET]).");
    let credential: object;
    if (c.applicationCredentialId) credential = { id: c.applicationCredentialId, secret: c.applicationCredentialSecret };
    else if (c.applicationCredentialName && (c.userId || c.username)) {
      const user: Ref = c.userId ? { id: c.userId } : { name: c.username!, domain: domainOf(c.userDomainName, c.userDomainId) };
      credential = { name: c.applicationCredentialName, secret: c.applicationCredentialSecret, user };
    } else {
      throw new NovaClientError("CommandError", "An application credential needs its id, or its name with the user who owns it (--os-application-credential-id, or --os-application-credential-name with --os-username or --os-user-id).");
    }
    return { auth: { identity: { methods: ["application_credential"], application_credential: credential } } };
  }
  if (c.token) {
    identity = { methods: ["token"], token: { id: c.token } };
  } else {
    if (c.password === undefined) throw new NovaClientError("CommandError", "You must provide a password (--os-password or env[OS_PASSWORD]).");
    if (!c.userId && !c.username) {
      throw new NovaClientError("CommandError", "You must provide a user name or user id (--os-username / --os-user-id, or OS_USERNAME / OS_USER_ID).");
    }
    const user: Ref = c.userId ? { id: c.userId } : { name: c.username!, domain: domainOf(c.userDomainName, c.userDomainId) };
    identity = { methods: ["password"], password: { user: { ...user, password: c.password } } };
  }
  const scope = scopeOf(c);
  return { auth: scope ? { identity, scope } : { identity } };
}

const tokensUrl = (authUrl: string) => `${authUrl.replace(/\/+$/, "").replace(/\/v3$/, "")}/v3/auth/tokens`;

/** Keystone v3: issues a token for the credentials and returns it with the service catalog. */
export async function issueToken(c: Credentials, send: ServiceSend): Promise<KeystoneToken> {
  const url = tokensUrl(c.authUrl);
  const { response, error } = await send({ method: "POST", url, body: JSON.stringify(tokenRequestBody(c)), headers: { "Content-Type": "application/json", Accept: "application/json" } });
  if (!response.ok) throw errorFromBody(response, "POST", error);
  const label = `the token request (POST ${url})`;
  const data = (await readJsonReply(response, label, true)) as { token?: { expires_at?: string; catalog?: CatalogService[]; user?: { id?: string }; project?: { id?: string } } };
  const token = response.headers.get("x-subject-token");
  if (!token || !data.token) throw new NovaClientError("AuthorizationFailure", `Keystone at ${url} answered without a token.`);
  const catalog = data.token.catalog ?? [];
  const broken = !Array.isArray(catalog)
    ? "`token.catalog` is not a list"
    : catalog.findIndex((s) => !s || typeof s !== "object" || !Array.isArray(s.endpoints) || s.endpoints.some((e) => !e || typeof e !== "object"));
  if (typeof broken === "string" || broken >= 0) {
    const problem = typeof broken === "string" ? broken : `\`token.catalog[${broken}].endpoints\` is not a list of endpoints`;
    throw new MalformedReplyError(label, response.status, response.headers.get("content-type") ?? "", requestIdOf(response.headers), problem);
  }
  return {
    token,
    expiresAt: data.token.expires_at,
    userId: data.token.user?.id,
    projectId: data.token.project?.id,
    catalog,
  };
}

/** Picks the endpoint of a service by type, interface and region, as keystoneauth does. */
export function selectEndpoint(
  catalog: readonly CatalogService[],
  { serviceType, serviceName, interface: iface, region }: { serviceType: string; serviceName?: string; interface: string; region?: string },
): string {
  const wanted = iface.replace(/URL$/, "");
  const chosen = catalog
    .filter((s) => s.type === serviceType && (!serviceName || s.name === serviceName))
    .flatMap((s) => s.endpoints)
    .find((e) => e.interface === wanted && (!region || (e.region_id ?? e.region) === region));
  if (!chosen) {
    // keystoneauth's words, with the interface as python-novaclient names it (publicURL...).
    const label = ["public", "internal", "admin"].includes(iface) ? `${iface}URL` : iface;
    throw new NovaClientError("EndpointNotFound", `${label} endpoint for ${serviceType} service${region ? ` in ${region} region` : ""} not found`);
  }
  return chosen.url;
}
