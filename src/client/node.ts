import { type CloudConfig, cloudOptions, overCloud } from "./cloud-config.js";
import type { ComputeClientOptions } from "./create.js";

/** The options of nova-ts in Node (and Deno and Bun): a cloud may be named, and found on disk. */
export type NodeClientOptions = Omit<ComputeClientOptions, "cloud"> & {
  /** A cloud of clouds.yaml: its name (openstacksdk's search path, secure.yaml merged in), or the parsed mapping. */
  cloud?: string | CloudConfig;
};

/**
 * The options the core takes, with what only Node can do done here and loaded only when used:
 * reading clouds.yaml, TLS options through undici, and the bundled spec for validateResponses.
 */
export async function nodeOptions({ cloud, ...given }: NodeClientOptions): Promise<ComputeClientOptions> {
  const settings = typeof cloud === "string" ? (await import("./clouds.js")).loadCloud(cloud).options : cloud ? cloudOptions(cloud, "cloud") : {};
  const options = overCloud(settings, given);
  return {
    ...options,
    fetch: options.fetch ?? (options.insecure || options.cacert ? await (await import("./tls.js")).tlsFetch(options) : undefined),
    validator: options.validator ?? (options.validateResponses ? await (await import("../spec/validator.js")).loadValidator() : undefined),
  };
}
