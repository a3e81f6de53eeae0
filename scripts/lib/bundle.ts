import { bundle, createConfig } from "@redocly/openapi-core";
import type { OpenAPI3 } from "openapi-typescript";

/** Resolves the split spec (one root, one file per area) into one document. */
export async function bundleSpec(rootFile: string): Promise<OpenAPI3> {
  const config = await createConfig({});
  const { bundle: doc, problems } = await bundle({ ref: rootFile, config, dereference: false });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const where = (p: (typeof errors)[number]) => p.location.map((l) => `${l.source.absoluteRef}${l.pointer ?? ""}`).join(", ");
    throw new Error(`spec does not bundle:\n${errors.map((p) => `  ${p.message} (${where(p)})`).join("\n")}`);
  }
  return doc.parsed as OpenAPI3;
}
