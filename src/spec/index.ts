/**
 * nova-ts/spec: the Compute API spec as standard OpenAPI 3.1 documents, one per microversion or
 * their union, and the history of what changed from one microversion to the next.
 */
import spec from "../../generated/openapi.json" with { type: "json" };
import { NovaClientError } from "../core/errors.js";
import { compareVersions } from "../core/version.js";
import { type OpenApiDocument, documentAt, unionDocument, versionIn } from "./document.js";
import { type VersionChanges, changesBetween } from "./history.js";

export type { OpenApiDocument } from "./document.js";
export type { VersionChanges } from "./history.js";

const source = spec as unknown as OpenApiDocument;

/** The range of microversions the spec describes, e.g. { min: "2.1", max: "2.104" }. */
export const specVersions: { readonly min: string; readonly max: string } = source["x-microversions"];

/**
 * The spec as a plain OpenAPI 3.1 document: at one microversion ("2.47", "2.latest"), or,
 * without one, the union of them all, which no reader can apply more strictly than Nova does.
 * Throws a NovaClientError for a version outside the spec's range. Each call gives a new copy.
 */
export function specAt(microversion?: string): OpenApiDocument {
  return microversion === undefined ? unionDocument(source) : documentAt(source, versionIn(source, microversion));
}

/**
 * What the spec says changed at each microversion after `from` up to `to` (default: the whole
 * history, 2.1 to the newest), one entry per version.
 */
export function specChanges(from: string = specVersions.min, to: string = specVersions.max): VersionChanges[] {
  const [older, newer] = [versionIn(source, from), versionIn(source, to)];
  if (compareVersions(older, newer) >= 0) throw new NovaClientError("ValueError", `The range ${from}..${to} must go from an older microversion to a newer one.`);
  return changesBetween(source, older, newer);
}
