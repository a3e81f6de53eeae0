// Types narrowed to the pinned microversion (issue 15): tsc (npm run typecheck) checks this file.
// A client pinned with a literal "2.N" sees the API as it is at 2.N; "2.latest" or a version
// known only at run time sees the union of all versions (schema.ts's types).
import { expectTypeOf } from "vitest";
import { type CallInput, type CallResult, type ComputeClient, type NovaClient, type SchemaAt, type components, createNovaClient } from "../../src/index.js";

type Schemas = components["schemas"];
type Reply<C, R extends keyof C, M extends keyof C[R]> = C[R][M] extends (...args: never[]) => Promise<infer T> ? T : never;
type Server<V extends string> = CallResult<"showServer", V>["server"];
type Flavor<V extends string> = CallResult<"showFlavor", V>["flavor"];
type Keypair<V extends string> = CallResult<"listKeypairs", V>["keypairs"][number]["keypair"];
type Hypervisor<V extends string> = CallResult<"showHypervisor", V>["hypervisor"];
type Quotas<V extends string> = CallResult<"showQuotaSet", V>["quota_set"];

declare const at1: NovaClient<"2.1">;
declare const at47: NovaClient<"2.47">;
declare const at88: NovaClient<"2.88">;
declare const latest: NovaClient;

// createNovaClient: a literal pins the types; no microversion, "2.latest" or a string is the union.
export async function created(version: string): Promise<void> {
  const pinned = await createNovaClient({ microversion: "2.47" });
  expectTypeOf(pinned).toEqualTypeOf<NovaClient<"2.47">>();
  const unpinned = await createNovaClient({});
  expectTypeOf(unpinned).toEqualTypeOf<NovaClient>();
  const newest = await createNovaClient({ microversion: "2.latest" });
  expectTypeOf(newest).toEqualTypeOf<NovaClient>();
  const runtime = await createNovaClient({ microversion: version });
  expectTypeOf<Reply<typeof runtime, "servers", "get">>().toEqualTypeOf<Reply<NovaClient, "servers", "get">>();
  // The type the caller expects does not pick the version: only the microversion given does.
  // @ts-expect-error a client pinned to 2.47 is not one pinned to 2.1
  const wrong: NovaClient<"2.1"> = await createNovaClient({ microversion: "2.47" });
  void wrong;
}

// The helpers answer what their operations answer at the pinned version.
expectTypeOf<Reply<NovaClient<"2.47">, "servers", "get">>().toEqualTypeOf<CallResult<"showServer", "2.47">>();
expectTypeOf<Reply<NovaClient<"2.1">, "keypairs", "list">>().toEqualTypeOf<CallResult<"listKeypairs", "2.1">>();
expectTypeOf<Reply<NovaClient<"2.88">, "hypervisors", "get">>().toEqualTypeOf<CallResult<"showHypervisor", "2.88">>();
expectTypeOf<Reply<NovaClient<"2.57">, "quotaSets", "get">>().toEqualTypeOf<CallResult<"showQuotaSet", "2.57">>();
expectTypeOf<Reply<NovaClient, "servers", "get">>().toEqualTypeOf<CallResult<"showServer">>();
// The hand-written lookups and waits answer what the helpers they call answer at that version.
expectTypeOf<Reply<NovaClient<"2.47">, "servers", "find">>().toEqualTypeOf<Server<"2.47">>();
expectTypeOf<Reply<NovaClient<"2.1">, "servers", "waitFor">>().toEqualTypeOf<Server<"2.1">>();
expectTypeOf<Reply<NovaClient, "servers", "find">>().toEqualTypeOf<Server<"2.latest">>();
expectTypeOf<Reply<NovaClient<"2.1">, "flavors", "find">>().toEqualTypeOf<Flavor<"2.1">>();
expectTypeOf<Reply<NovaClient<"2.1">, "flavors", "find">>().not.toEqualTypeOf<Flavor<"2.latest">>();

// Servers: the flavor is a link before 2.47 and embedded from 2.47; fields come at 2.3, 2.9, 2.63...
expectTypeOf<Server<"2.1">["flavor"]>().toEqualTypeOf<Schemas["ServerFlavorLink"] | undefined>();
expectTypeOf<Server<"2.47">["flavor"]>().toEqualTypeOf<Schemas["ServerFlavorEmbedded"] | undefined>();
expectTypeOf<Server<"2.latest">["flavor"]>().toEqualTypeOf<Schemas["ServerFlavor"] | undefined>();
expectTypeOf<Server<"2.47">>().toHaveProperty("locked");
expectTypeOf<Server<"2.47">>().not.toHaveProperty("trusted_image_certificates");
expectTypeOf<Server<"2.latest">>().toHaveProperty("trusted_image_certificates");
expectTypeOf<Server<"2.47">["status"]>().toEqualTypeOf<string>();
expectTypeOf<SchemaAt<"Server", "2.47">>().toEqualTypeOf<Server<"2.47">>();
expectTypeOf<SchemaAt<"Server">>().toEqualTypeOf<Schemas["Server"]>();
expectTypeOf<Reply<NovaClient<"2.47">, "servers", "list">["servers"][number]>().toEqualTypeOf<Server<"2.47">>();
declare const server1: Server<"2.1">;
// @ts-expect-error locked exists from 2.9
void server1.locked;
// @ts-expect-error OS-EXT-SRV-ATTR:hostname exists from 2.3
void server1["OS-EXT-SRV-ATTR:hostname"];
declare const server47: Server<"2.47">;
const embedded: string | undefined = server47.flavor?.original_name;
// @ts-expect-error the embedded flavor has no id
void server47.flavor?.id;
// @ts-expect-error server_groups exists from 2.71
void server47.server_groups;
// Query parameters: tags filters from 2.26.
expectTypeOf<CallInput<"listServersDetail", "2.47">>().toHaveProperty("tags");
// @ts-expect-error no tags filter at 2.1
void at1.servers.list({ tags: "web" });

// Flavors: swap is "" or a number before 2.75; description from 2.55; rxtx_factor until 2.101.
expectTypeOf<Flavor<"2.1">["swap"]>().toEqualTypeOf<number | "">();
expectTypeOf<Flavor<"2.75">["swap"]>().toEqualTypeOf<number>();
expectTypeOf<Flavor<"2.latest">>().toEqualTypeOf<Schemas["Flavor"]>();
expectTypeOf<Flavor<"2.47">>().not.toHaveProperty("description");
expectTypeOf<Flavor<"2.55">["description"]>().toEqualTypeOf<string | null | undefined>();
expectTypeOf<Flavor<"2.47">["rxtx_factor"]>().toEqualTypeOf<number | undefined>();
expectTypeOf<Flavor<"2.104">>().not.toHaveProperty("rxtx_factor");
declare const flavor47: Flavor<"2.47">;
// @ts-expect-error description exists from 2.55
void flavor47.description;
// @ts-expect-error flavors.update (PUT /flavors/{id}) exists from 2.55
void at47.flavors.update({ flavor_id: "1", body: { flavor: { description: "d" } } });
// @ts-expect-error the call itself is refused too
void (at47 as ComputeClient<"2.47">).call("updateFlavor", { flavor_id: "1", body: { flavor: { description: "d" } } });
void latest.flavors.update({ flavor_id: "1", body: { flavor: { description: "d" } } });

// Key pairs: `type` from 2.2, always sent from then on (required), optional in the union.
expectTypeOf<Keypair<"2.1">>().not.toHaveProperty("type");
expectTypeOf<Keypair<"2.2">["type"]>().toEqualTypeOf<"ssh" | "x509">();
expectTypeOf<Keypair<"2.latest">["type"]>().toEqualTypeOf<"ssh" | "x509" | undefined>();
declare const keypair1: Keypair<"2.1">;
// @ts-expect-error type exists from 2.2
void keypair1.type;
// @ts-expect-error no type in the create body at 2.1
void at1.keypairs.create({ body: { keypair: { name: "k", type: "ssh" } } });
void at47.keypairs.create({ body: { keypair: { name: "k", type: "ssh" } } });

// Hypervisors: integer ids until 2.52, UUIDs from 2.53; 2.88 drops the resource counts and adds uptime.
expectTypeOf<Hypervisor<"2.1">["id"]>().toEqualTypeOf<number>();
expectTypeOf<Hypervisor<"2.53">["id"]>().toEqualTypeOf<string>();
expectTypeOf<Hypervisor<"2.latest">["id"]>().toEqualTypeOf<number | string>();
expectTypeOf<Hypervisor<"2.53">["service"]["id"]>().toEqualTypeOf<string>();
expectTypeOf<Hypervisor<"2.87">["vcpus"]>().toEqualTypeOf<number>();
expectTypeOf<Hypervisor<"2.88">["uptime"]>().toEqualTypeOf<string | null>();
expectTypeOf<Hypervisor<"2.latest">["vcpus"]>().toEqualTypeOf<number | undefined>();
declare const hypervisor88: Hypervisor<"2.88">;
// @ts-expect-error vcpus is gone from 2.88
void hypervisor88.vcpus;
// @ts-expect-error memory_mb is gone from 2.88
void hypervisor88.memory_mb;
// @ts-expect-error GET /os-hypervisors/{id}/uptime is gone from 2.88
void at88.hypervisors.uptime({ hypervisor_id: "h" });
// @ts-expect-error GET /os-hypervisors/{pattern}/search is gone from 2.53
void at88.hypervisors.search({ hypervisor_hostname_pattern: "h" });
void at1.hypervisors.uptime({ hypervisor_id: "1" });

// Quota sets: 2.36 drops the network quotas, 2.57 the injected-file ones.
expectTypeOf<Quotas<"2.1">["floating_ips"]>().toEqualTypeOf<number>();
expectTypeOf<Quotas<"2.36">>().not.toHaveProperty("floating_ips");
expectTypeOf<Quotas<"2.36">["injected_files"]>().toEqualTypeOf<number>();
expectTypeOf<Quotas<"2.57">>().not.toHaveProperty("injected_files");
expectTypeOf<Quotas<"2.latest">["injected_files"]>().toEqualTypeOf<number | undefined>();
declare const quotas47: Quotas<"2.47">;
// @ts-expect-error fixed_ips is gone from 2.36
void quotas47.fixed_ips;
// @ts-expect-error security_groups is gone from 2.36
void at47.quotaSets.update({ tenant_id: "p", body: { quota_set: { security_groups: 10 } } });

// Operations that come and go: the proxies to other services end at 2.35, server tags start at 2.26.
// @ts-expect-error GET /os-floating-ips is gone from 2.36
void at47.floatingIps.list();
void at1.floatingIps.list();
// @ts-expect-error GET /servers/{id}/tags exists from 2.26
void at1.call("listServerTags", { server_id: "s" });
void at47.call("listServerTags", { server_id: "s" });
expectTypeOf<CallResult<"createVolumeAttachment", "2.101">>().toEqualTypeOf<undefined>();

// The README's example ("Types at a pinned microversion").
export async function readme(credentials: { authUrl: string; token: string }, id: string): Promise<void> {
  const nova = await createNovaClient({ ...credentials, microversion: "2.47" });
  const { server } = await nova.servers.get({ server_id: id });
  expectTypeOf(server.flavor?.original_name).toEqualTypeOf<string | undefined>();
  expectTypeOf(server.locked).toEqualTypeOf<boolean | undefined>();
  // @ts-expect-error trusted_image_certificates is from 2.63
  void server.trusted_image_certificates;
  // @ts-expect-error PUT /flavors/{id} is from 2.55
  void nova.flavors.update;
  expectTypeOf<SchemaAt<"Server", "2.47">>().toEqualTypeOf<typeof server>();
}

// Pagers follow the pin.
expectTypeOf<Reply<NovaClient<"2.47">, "servers", "listAll">[number]>().toEqualTypeOf<Server<"2.47">>();

export { embedded };
