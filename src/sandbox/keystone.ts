import { randomBytes } from "node:crypto";
import type { CloudState, UserRecord } from "./state.js";

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export interface KeystoneReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const unauthorized = (): KeystoneReply => ({
  status: 401,
  body: { error: { code: 401, message: "The request you have made requires authentication.", title: "Unauthorized" } },
});

type Named = { id?: string; name?: string; domain?: { id?: string; name?: string } };
type AuthBody = {
  auth?: {
    identity?: {
      methods?: string[];
      password?: { user?: Named & { password?: string } };
      token?: { id?: string };
      application_credential?: { id?: string; name?: string; secret?: string; user?: Named };
    };
    scope?: { project?: Named };
  };
};

function findUser(state: CloudState, body: AuthBody): UserRecord | undefined {
  const identity = body.auth?.identity;
  if (identity?.methods?.includes("token")) return state.tokens.get(identity.token?.id ?? "")?.user;
  const byRef = (u: Named) => (u.id !== undefined || u.domain?.id === "default" || u.domain?.name === "Default" ? state.users.find((x) => (u.id ? x.id === u.id : x.name === u.name)) : undefined);
  const credential = identity?.application_credential;
  if (identity?.methods?.includes("application_credential") && credential) {
    // By id alone, or by name with the user who owns it; never with a scope of its own.
    if (body.auth?.scope) return undefined;
    const owners = credential.id ? state.users : [byRef(credential.user ?? {})].filter((u) => u !== undefined);
    return owners.find((u) => u.applicationCredentials?.some((c) => (credential.id ? c.id === credential.id : c.name === credential.name) && c.secret === credential.secret));
  }
  const u = identity?.password?.user;
  if (!u) return undefined;
  const user = byRef(u);
  return user && user.password === u.password ? user : undefined;
}

function catalog(computeUrl: string, identityUrl: string, imageUrl: string, networkUrl: string, region: string) {
  const endpoints = (url: string) =>
    ["public", "internal", "admin"].map((iface, i) => ({ id: `${iface}-${i}`, interface: iface, region_id: region, region, url }));
  return [
    { id: "identity", type: "identity", name: "keystone", endpoints: endpoints(identityUrl) },
    { id: "compute", type: "compute", name: "nova", endpoints: endpoints(computeUrl) },
    { id: "image", type: "image", name: "glance", endpoints: endpoints(imageUrl) },
    { id: "network", type: "network", name: "neutron", endpoints: endpoints(networkUrl) },
  ];
}

/** The Keystone v3 the sandbox needs: version document and password/token auth with a catalog. */
export function keystone(
  state: CloudState,
  method: string,
  path: string,
  body: unknown,
  urls: { identity: string; compute: string; image: string; network: string; region: string },
): KeystoneReply {
  if (method === "GET" && (path === "" || path === "/")) {
    return {
      status: 200,
      body: { version: { id: "v3.14", status: "stable", updated: "2020-04-07T00:00:00Z", links: [{ rel: "self", href: `${urls.identity}/` }], "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }] } },
    };
  }
  if (method !== "POST" || path !== "/auth/tokens") {
    return { status: 404, body: { error: { code: 404, message: "The resource could not be found.", title: "Not Found" } } };
  }
  const request = body as AuthBody;
  const user = findUser(state, request);
  if (!user) return unauthorized();
  const scope = request.auth?.scope?.project;
  if (scope && !(scope.id === user.project.id || scope.name === user.project.name)) return unauthorized();
  const token = `gAAAA${randomBytes(24).toString("hex")}`;
  const expires = Date.now() + TOKEN_LIFETIME_MS;
  state.tokens.set(token, { user, expires });
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");
  return {
    status: 201,
    headers: { "X-Subject-Token": token },
    body: {
      token: {
        methods: request.auth?.identity?.methods ?? ["password"],
        user: { domain: { id: "default", name: "Default" }, id: user.id, name: user.name, password_expires_at: null },
        audit_ids: [randomBytes(8).toString("base64url")],
        expires_at: iso(expires),
        issued_at: iso(Date.now()),
        project: { domain: { id: "default", name: "Default" }, id: user.project.id, name: user.project.name },
        is_domain: false,
        roles: user.roles.map((name) => ({ id: `${name}-role`, name })),
        catalog: catalog(urls.compute, urls.identity, urls.image, urls.network, urls.region),
      },
    },
  };
}

/** The user a request's X-Auth-Token belongs to, if it is valid and unexpired. */
export function userOfToken(state: CloudState, token: string | undefined): UserRecord | undefined {
  const entry = token ? state.tokens.get(token) : undefined;
  return entry && entry.expires > Date.now() ? entry.user : undefined;
}
