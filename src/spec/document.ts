import { NovaClientError } from "../core/errors.js";
import { type ApiVersion, compareVersions, formatVersion, isLatest, parseVersion } from "../core/version.js";
import { DATA_KEYS, bodyPresentAt, presentAt, refTarget, schemaAtVersion } from "./at-version.js";
import { trimToSchema } from "./trim.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** A standard OpenAPI 3.1 document; our `x-` keys in it are annotations. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; [kind: string]: Record<string, unknown> };
  "x-microversions": { min: string; max: string };
  [key: string]: unknown;
}

export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** The subschemas of a JSON Schema 2020-12 node. */
function* subschemas(schema: Node): Generator<unknown> {
  for (const key of ["properties", "patternProperties", "dependentSchemas", "$defs"]) {
    if (isNode(schema[key])) yield* Object.values(schema[key]);
  }
  for (const key of ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"]) {
    if (isNode(schema[key])) yield schema[key];
  }
  for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"]) {
    if (Array.isArray(schema[key])) yield* schema[key] as unknown[];
  }
}

/** A reference to a component of any kind, followed (`#/components/parameters/limit`...). */
function deref(doc: OpenApiDocument, node: unknown): unknown {
  for (let hops = 0; isNode(node) && typeof node.$ref === "string" && hops < 10; hops++) {
    const m = /^#\/components\/([^/]+)\/(.+)$/.exec(node.$ref);
    if (!m) break;
    node = doc.components[m[1]!]?.[m[2]!];
  }
  return node;
}

/** Every operation of the document, with its parameters (the path item's and its own). */
function forEachOperation(doc: OpenApiDocument, visit: (operation: Node, parameters: unknown[]) => void): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      if (isNode(item[method])) visit(item[method], [...((item.parameters as unknown[] | undefined) ?? []), ...(((item[method] as Node).parameters as unknown[] | undefined) ?? [])]);
    }
  }
}

/** The media types of a request body or response, by type. */
const contentOf = (node: unknown): Record<string, Node> => (isNode(node) && isNode(node.content) ? (node.content as Record<string, Node>) : {});

/** The spec's microversions, newest last: 2.1 .. x-microversions.max. */
export function versionsOf(doc: OpenApiDocument): ApiVersion[] {
  const min = parseVersion(doc["x-microversions"].min);
  const max = parseVersion(doc["x-microversions"].max);
  const out: ApiVersion[] = [];
  for (let minor = min.minor; minor <= max.minor; minor++) out.push(parseVersion(`${min.major}.${minor}`));
  return out;
}

/** A version the spec describes ("2.latest" is its newest), or a NovaClientError naming the range. */
export function versionIn(doc: OpenApiDocument, text: string): ApiVersion {
  const { min, max } = doc["x-microversions"];
  const version = parseVersion(text);
  if (isLatest(version)) return parseVersion(max);
  if (compareVersions(version, parseVersion(min)) < 0 || compareVersions(version, parseVersion(max)) > 0) {
    throw new NovaClientError("UnsupportedVersion", `Microversion ${text} is outside the spec's range ${min} to ${max}.`);
  }
  return version;
}

/**
 * The document as it is at one microversion: every operation, parameter, response, header,
 * property and oneOf/anyOf branch outside its range is gone, `required` lists what exists at
 * that version, and the components nothing refers to any more are left out.
 */
export function documentAt(doc: OpenApiDocument, version: ApiVersion): OpenApiDocument {
  const schemas = doc.components.schemas;
  const at = (node: unknown) => presentAt(node, version, schemas) && presentAt(deref(doc, node), version, schemas);
  // Examples show what Nova sends at the version: the fields it does not have then are left out.
  const examplesAt = (key: string, value: unknown, schema: Node) =>
    key === "examples" && Array.isArray(value) ? value.map((example: unknown) => trimToSchema(example, schema, version, schemas)) : value;
  const schemaAt = (schema: unknown) => schemaAtVersion(schema, version, { schemas, data: examplesAt });
  // A body whose schema, or every branch of it, lies outside the version has no content then.
  const contentAt = (content: Record<string, Node>) =>
    Object.fromEntries(Object.entries(content).filter(([, media]) => bodyPresentAt(media.schema, version, schemas)).map(([type, media]) => [type, { ...media, schema: schemaAt(media.schema) }]));
  const withSchema = (node: unknown) => (isNode(node) && isNode(node.schema) ? { ...node, schema: schemaAt(node.schema) } : node);
  const headersAt = (headers: Node) => Object.fromEntries(Object.entries(headers).filter(([, h]) => at(h)).map(([name, h]) => [name, withSchema(h)]));
  const withContent = (node: unknown): unknown => {
    // A reference stays one: the component it names is shaped with the components.
    if (!isNode(node) || typeof node.$ref === "string") return node;
    const out: Node = { ...node };
    if (isNode(node.headers)) out.headers = headersAt(node.headers);
    if (isNode(node.content)) out.content = contentAt(contentOf(node));
    return out;
  };
  const operationAt = (operation: Node): Node => {
    const out: Node = { ...operation };
    if (Array.isArray(operation.parameters)) out.parameters = operation.parameters.filter(at).map(withSchema);
    if (operation.requestBody !== undefined) {
      const body = withContent(deref(doc, operation.requestBody));
      if (Object.keys(contentOf(body)).length === 0) delete out.requestBody;
      else if (!isNode(operation.requestBody) || typeof operation.requestBody.$ref !== "string") out.requestBody = body;
    }
    if (isNode(operation.responses)) {
      out.responses = Object.fromEntries(Object.entries(operation.responses).filter(([, r]) => at(r)).map(([status, r]) => [status, withContent(r)]));
    }
    return out;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const out: Node = {};
    for (const [key, value] of Object.entries(item)) {
      if (!METHODS.includes(key)) out[key] = key === "parameters" && Array.isArray(value) ? value.filter(at).map(withSchema) : value;
      else if (isNode(value) && at(value)) out[key] = operationAt(value);
    }
    if (METHODS.some((m) => m in out)) paths[path] = out;
  }
  const components: Record<string, Record<string, unknown>> = {};
  for (const [kind, entries] of Object.entries(doc.components)) {
    const kept = Object.entries(entries).filter(([, c]) => at(c));
    components[kind] = Object.fromEntries(kept.map(([name, c]) => [name, kind === "schemas" ? schemaAt(c) : withContent(withSchema(c))]));
  }
  const v = formatVersion(version);
  return withoutUnused(
    // Operations and annotations above are shallow copies: the result shares nothing with `doc`.
    structuredClone({ ...doc, info: { ...doc.info, version: v }, "x-microversions": { min: v, max: v }, paths, components: components as OpenApiDocument["components"] }),
  );
}

/** The document with only the components its paths reach (through any number of references). */
function withoutUnused(doc: OpenApiDocument): OpenApiDocument {
  const reached = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isNode(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/") && !reached.has(value)) {
          reached.add(value);
          walk(deref(doc, { $ref: value }));
        } else walk(value);
      }
    }
  };
  walk(doc.paths);
  for (const [kind, entries] of Object.entries(doc.components)) {
    // Security schemes are named by `security`, not referenced.
    if (kind === "securitySchemes") continue;
    for (const name of Object.keys(entries)) if (!reached.has(`#/components/${kind}/${name}`)) delete entries[name];
  }
  return doc;
}

/**
 * The document across all its microversions, for readers that know nothing of x-min-version:
 * every operation, field and branch that exists at some version is kept, a property stays in
 * `required` only if it exists at every version at which its object does, and a oneOf whose
 * branches belong to different versions becomes an anyOf (a value may match the branch of
 * another version too). No reader of it is stricter than Nova at any version.
 */
export function unionDocument(doc: OpenApiDocument): OpenApiDocument {
  const schemas = doc.components.schemas;
  const versions = versionsOf(doc);
  const ALL = (1n << BigInt(versions.length)) - 1n;
  const bits = (test: (v: ApiVersion) => boolean) => versions.reduce((mask, v, i) => (test(v) ? mask | (1n << BigInt(i)) : mask), 0n);
  const memo = (compute: (node: Node) => bigint) => {
    const known = new WeakMap<Node, bigint>();
    return (node: unknown): bigint => {
      if (!isNode(node)) return ALL;
      let mask = known.get(node);
      if (mask === undefined) known.set(node, (mask = compute(node)));
      return mask;
    };
  };
  /** The versions in a node's own x-min-version..x-max-version. */
  const ownMask = memo((node) => bits((v) => presentAt(node, v)));
  /** The versions at which a node exists, following a schema reference. */
  const maskOf = memo((node) => bits((v) => presentAt(node, v, schemas)));

  // The versions at which each schema node is reached from an operation.
  const reach = new WeakMap<object, bigint>();
  const visit = (schema: unknown, from: bigint): void => {
    if (!isNode(schema)) return;
    const here = from & ownMask(schema);
    const before = reach.get(schema) ?? 0n;
    if (here === 0n || (before | here) === before) return;
    reach.set(schema, before | here);
    const target = refTarget(schema, schemas);
    if (target !== undefined) visit(target, here);
    for (const sub of subschemas(schema)) visit(sub, here);
  };
  /** The versions of a parameter, response or header: its reference's range and its own. */
  const rangeOf = (node: unknown) => ownMask(node) & ownMask(deref(doc, node));
  const schemaOf = (node: unknown) => (deref(doc, node) as Node | undefined)?.schema;
  forEachOperation(doc, (operation, parameters) => {
    const mask = ownMask(operation);
    for (const p of parameters) visit(schemaOf(p), mask & rangeOf(p));
    for (const media of Object.values(contentOf(deref(doc, operation.requestBody)))) visit(media.schema, mask);
    for (const response of Object.values(isNode(operation.responses) ? operation.responses : {})) {
      const r = deref(doc, response);
      const replied = mask & rangeOf(response);
      for (const media of Object.values(contentOf(r))) visit(media.schema, replied);
      for (const header of Object.values(isNode(r) && isNode(r.headers) ? r.headers : {})) visit(schemaOf(header), replied & rangeOf(header));
    }
  });

  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!isNode(node)) return node;
    const where = reach.get(node);
    const out: Node = {};
    for (const [key, value] of Object.entries(node)) {
      if (where !== undefined && DATA_KEYS.has(key)) out[key] = structuredClone(value);
      else if (where !== undefined && key === "required" && Array.isArray(value) && isNode(node.properties)) {
        const props = node.properties;
        out.required = value.filter((name: string) => !(name in props) || (where & ~maskOf(props[name])) === 0n);
      } else if (where !== undefined && key === "oneOf" && Array.isArray(value) && value.some((b) => (where & ~maskOf(b)) !== 0n)) {
        out.anyOf = copy(value);
      } else out[key] = copy(value);
    }
    return out;
  };
  return copy(doc) as OpenApiDocument;
}
