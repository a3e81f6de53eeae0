import { NovaClientError } from "./errors.js";

/** A compute API microversion, "2.N". */
export interface ApiVersion {
  readonly major: number;
  readonly minor: number;
}

export const NULL_VERSION: ApiVersion = { major: 0, minor: 0 };

const parsed = new Map<string, ApiVersion>();

/** "2.N" or "2.latest"; the same text always gives the same (frozen) object. */
export function parseVersion(text: string): ApiVersion {
  let version = parsed.get(text);
  if (!version) {
    version = Object.freeze(parseVersionText(text));
    parsed.set(text, version);
  }
  return version;
}

function parseVersionText(text: string): ApiVersion {
  const m = /^(\d+)\.(\d+|latest)$/.exec(text.trim());
  const major = m ? Number(m[1]) : Number.NaN;
  if (!m || major !== 2) {
    throw new NovaClientError(
      "UnsupportedVersion",
      `Invalid microversion '${text}': use 2.N (between 2.1 and the server's maximum) or 2.latest.`,
    );
  }
  // A minor of hundreds of digits is a version no one serves, not "latest" (which Infinity means).
  return { major, minor: m[2] === "latest" ? Number.POSITIVE_INFINITY : Math.min(Number(m[2]), Number.MAX_SAFE_INTEGER) };
}

/**
 * The microversion a user asks for (--os-compute-api-version), read as python-novaclient reads
 * it: "2" means "2.0", and 2.0 (no microversion) is Nova's base API, which Nova serves as 2.1.
 */
export function parseRequestedVersion(text: string): ApiVersion {
  const given = /^\s*\d+\s*$/.test(text) ? `${text.trim()}.0` : text;
  const m = /^([1-9]\d*)\.([1-9]\d*|0|latest)$/.exec(given);
  if (!m) {
    throw new NovaClientError(
      "UnsupportedVersion",
      `Invalid format of client version '${given}'. Expected format 'X.Y', where X is a major part and Y is a minor part of version.`,
    );
  }
  if (m[1] !== "2") throw new NovaClientError("UnsupportedVersion", `Invalid client version '${given}'. Major part should be '2'`);
  return parseVersion(m[2] === "0" ? "2.1" : given);
}

export function compareVersions(a: ApiVersion, b: ApiVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function formatVersion(v: ApiVersion): string {
  return v.minor === Number.POSITIVE_INFINITY ? `${v.major}.latest` : `${v.major}.${v.minor}`;
}

export const isLatest = (v: ApiVersion) => v.minor === Number.POSITIVE_INFINITY;

/** True when v lies in [min, max] (max omitted: no upper bound). */
export function inRange(v: ApiVersion, min: string, max?: string): boolean {
  return compareVersions(v, parseVersion(min)) >= 0 && (max === undefined || compareVersions(v, parseVersion(max)) <= 0);
}
