import { NovaClientError } from "../core/errors.js";
import { type ApiVersion, NULL_VERSION, compareVersions, formatVersion, isLatest, parseVersion } from "../core/version.js";

export interface ServerRange {
  min: ApiVersion;
  max: ApiVersion;
}

/** Reads the microversion range from a version document ("" means no microversions). */
export function rangeOf(doc: { min_version?: string; version?: string }): ServerRange {
  const read = (v: string | undefined) => (v ? parseVersion(v) : NULL_VERSION);
  return { min: read(doc.min_version), max: read(doc.version) };
}

const str = formatVersion;

/**
 * Chooses the microversion for a session as python-novaclient does: "2.latest" is the lower of
 * the server's maximum and ours; an explicit version must lie in both ranges.
 */
export function negotiate(requested: ApiVersion, server: ServerRange, client: ServerRange): ApiVersion {
  const noMicroversions = server.max.major === 0;
  if (!isLatest(requested)) {
    if (compareVersions(requested, client.min) < 0 || compareVersions(requested, client.max) > 0) {
      throw new NovaClientError(
        "CommandError",
        `The specified version isn't supported by client. The valid version range is '${str(client.min)}' to '${str(client.max)}'`,
      );
    }
    if (noMicroversions) throw new NovaClientError("UnsupportedVersion", "Server doesn't support microversions");
    if (compareVersions(requested, server.min) < 0 || compareVersions(requested, server.max) > 0) {
      throw new NovaClientError(
        "UnsupportedVersion",
        `The specified version isn't supported by server. The valid version range is '${str(server.min)}' to '${str(server.max)}'`,
      );
    }
    return requested;
  }
  if (noMicroversions) throw new NovaClientError("UnsupportedVersion", "Server doesn't support microversions");
  const ranges = `The client valid version range is '${str(client.min)}' to '${str(client.max)}'. The server valid version range is '${str(server.min)}' to '${str(server.max)}'.`;
  if (compareVersions(client.min, server.max) > 0) throw new NovaClientError("UnsupportedVersion", `Server version is too old. ${ranges}`);
  if (compareVersions(client.max, server.min) < 0) throw new NovaClientError("UnsupportedVersion", `Server version is too new. ${ranges}`);
  return compareVersions(client.max, server.max) <= 0 ? client.max : server.max;
}
