import { spawnSync } from "node:child_process";
import { NovaClientError } from "../../core/errors.js";
import type { CommandHandler } from "../context.js";
import { valueOf } from "../input.js";

type Address = { addr?: string; version?: number; "OS-EXT-IPS:type"?: string };

/**
 * ssh [<login>@]<server>: python-novaclient's do_ssh. The server is found, one address of its one
 * network (or of --network) is picked by IP version and type, and the command line python builds
 * ("ssh -4 -p22  root@10.0.0.5 ") runs through the shell, as os.system runs it; its exit status
 * is not passed on.
 */
const serverSsh: CommandHandler = {
  async call(ctx) {
    // The arguments with their declared defaults (--login root, --port 22, --address-type floating).
    const a = Object.fromEntries(ctx.args().map((arg) => [arg.name, valueOf(arg, ctx.argv[arg.name])]));
    let name = String(a.server);
    let login = String(a.login);
    if (name.includes("@")) [login, name] = [name.slice(0, name.indexOf("@")), name.slice(name.indexOf("@") + 1)];
    const found = await ctx.nova.find("servers", name);
    const server = (found.reply as { server: { addresses?: Record<string, Address[]> } }).server;
    const addresses = server.addresses ?? {};
    const type = a.private ? "fixed" : String(a["address-type"]);
    const version = a.ipv6 ? 6 : 4;
    let pool: Address[];
    if (a.network) {
      const onNetwork = addresses[String(a.network)];
      if (!onNetwork?.length) throw new NovaClientError("ResourceNotFound", `Server '${name}' is not attached to network '${String(a.network)}'`);
      pool = onNetwork;
    } else {
      const networks = Object.values(addresses);
      if (networks.length > 1) throw new NovaClientError("CommandError", `Server '${name}' is attached to more than one network. Please pick the network to use.`);
      if (networks.length === 0) throw new NovaClientError("CommandError", `Server '${name}' is not attached to any network.`);
      pool = networks[0]!;
    }
    const matching = pool.filter((x) => x.version === version && (x["OS-EXT-IPS:type"] ?? "floating") === type).map((x) => x.addr);
    if (!matching.some(Boolean)) {
      throw new NovaClientError("ResourceNotFound", `No address that would match network '${a.network ? String(a.network) : "None"}' and type '${type}' of version IPv${version} has been found for server '${name}'.`);
    }
    if (matching.length > 1) throw new NovaClientError("CommandError", `More than one IPv${version} ${type} address found.`);
    const identity = String(a.identity ?? "") ? `-i ${String(a.identity)}` : "";
    const command = `ssh -${version} -p${String(a.port)} ${identity} ${login}@${String(matching[0])} ${String(a["extra-opts"] ?? "")}`;
    spawnSync("/bin/sh", ["-c", command], { stdio: "inherit", env: ctx.io.env as NodeJS.ProcessEnv });
    return undefined;
  },
};
export default serverSsh;
