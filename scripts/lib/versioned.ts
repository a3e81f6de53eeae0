/**
 * generated/versioned.ts: the types as they are at one microversion, without one copy of
 * schema.ts per version. The spec only changes at its breakpoints (each x-min-version, and one
 * past each x-max-version); from one breakpoint to the next is a band, and the types take the
 * band as a parameter. A schema with nothing versioned inside it stays schema.ts's type; one
 * with something versioned becomes a generic type with a conditional only where a property or
 * branch comes or goes.
 */
import { createConfig } from "@redocly/openapi-core";
import {
  type GlobalContext,
  type OpenAPI3,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
  NEVER,
  NULL,
  QUESTION_TOKEN,
  UNDEFINED,
  UNKNOWN,
  addJSDocComment,
  astToString,
  resolveRef,
  scanDiscriminators,
  transformSchemaObject,
  tsIntersection,
  tsPropertyIndex,
  tsRecord,
  tsUnion,
} from "openapi-typescript";
import ts from "typescript";
import { parseVersion } from "../../src/core/version.js";
import { presentAt } from "../../src/spec/at-version.js";
import { type Extended, type Tables, deref } from "./tables.js";

const isNode = (v: unknown): v is Extended => typeof v === "object" && v !== null && !Array.isArray(v);
const minor = (version: string) => Number(version.split(".")[1]);
const SCHEMA_REF = "#/components/schemas/";

/** The first microversion of each band, in order: the spec's lowest, then every breakpoint within its range. */
export function bandStarts(doc: OpenAPI3): string[] {
  const { min, max } = (doc as unknown as { "x-microversions": { min: string; max: string } })["x-microversions"];
  const starts = new Set([minor(min)]);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isNode(node)) return;
    if (typeof node["x-min-version"] === "string") starts.add(minor(node["x-min-version"]));
    if (typeof node["x-max-version"] === "string") starts.add(minor(node["x-max-version"]) + 1);
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return [...starts].filter((n) => n >= minor(min) && n <= minor(max)).sort((a, b) => a - b).map((n) => `2.${n}`);
}

/** The types' helpers: which band a microversion is in, and band ranges written with versions. */
const PRELUDE = (bandOf: string) => `import type { OperationId } from "./operations.js";
import type { components } from "./schema.js";

/** The band of each microversion: the spec is the same at every version of a band. */
export interface BandOf {
${bandOf}
}
export type Band = BandOf[keyof BandOf];
/** The bands below band N: 0 | 1 | ... | N - 1. */
type Below<N extends number, Counted extends number[] = []> = Counted["length"] extends N ? Counted[number] : Below<N, [...Counted, Counted["length"]]>;
/** The bands from microversion V on. */
type From<V extends keyof BandOf> = Exclude<Band, Below<BandOf[V]>>;
/** The bands up to microversion V, V's own included. */
type Until<V extends keyof BandOf> = Below<BandOf[V]> | BandOf[V];
/** The bands from microversion First to Last, both included. */
type Within<First extends keyof BandOf, Last extends keyof BandOf> = Extract<From<First>, Until<Last>>;
/** An intersection of object types, shown as one. */
type Flat<T> = { [K in keyof T]: T[K] };
`;

const B = ts.factory.createTypeReferenceNode("B");
const named = (name: string, args?: ts.TypeNode[]) => ts.factory.createTypeReferenceNode(name, args);
const text = (value: string) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(value));
const literal = (members: ts.TypeElement[]) => ts.factory.createTypeLiteralNode(members);
const member = (name: string, type: ts.TypeNode, optional = false) =>
  ts.factory.createPropertySignature(undefined, tsPropertyIndex(name), optional ? QUESTION_TOKEN : undefined, type);
/** `B extends <bands> ? then : otherwise`; no condition when the thing exists in every band. */
const when = (bands: ts.TypeNode | undefined, then: ts.TypeNode, otherwise: ts.TypeNode) => (bands ? ts.factory.createConditionalTypeNode(B, bands, then, otherwise) : then);
const exported = ts.factory.createModifier(ts.SyntaxKind.ExportKeyword);
const bandParameter = () => ts.factory.createTypeParameterDeclaration(undefined, "B", named("Band"));

function withDoc<T extends ts.Node>(node: T, description: unknown): T {
  if (typeof description === "string" && description.trim()) ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, `* ${description.trim().replaceAll("*/", "*\\/")} `, true);
  return node;
}

class Versioned {
  private readonly varying = new Map<object, boolean>();
  /** Component schemas that change with the band: each is a generic type of that name. */
  readonly components: string[] = [];

  constructor(
    private readonly doc: OpenAPI3,
    private readonly ctx: GlobalContext,
    private readonly starts: string[],
    private readonly last: string,
  ) {}

  private target(node: unknown): unknown {
    return isNode(node) && typeof node.$ref === "string" ? deref(this.doc, node as unknown as ReferenceObject) : node;
  }

  /** In which bands a property, branch, response or operation exists (for a $ref, its target's own range too). */
  presence(node: unknown): boolean[] {
    const schemas = this.doc.components?.schemas as Record<string, unknown> | undefined;
    return this.starts.map((start) => presentAt(node, parseVersion(start), schemas));
  }

  /** The bands of a presence as a type (From<"2.3">, Until<"2.46">, Within<...>); undefined when it is every band. */
  bands(presence: boolean[]): ts.TypeNode | undefined {
    if (presence.every(Boolean)) return undefined;
    const runs: ts.TypeNode[] = [];
    for (let i = 0; i < presence.length; i++) {
      if (!presence[i] || presence[i - 1]) continue;
      let j = i;
      while (presence[j + 1]) j++;
      const first = this.starts[i]!;
      const last = j + 1 < this.starts.length ? `2.${minor(this.starts[j + 1]!) - 1}` : this.last;
      if (i === 0) runs.push(named("Until", [text(last)]));
      else if (j === presence.length - 1) runs.push(named("From", [text(first)]));
      else runs.push(named("Within", [text(first), text(last)]));
    }
    return tsUnion(runs);
  }

  private children(node: Extended): unknown[] {
    const props = isNode(node.properties) ? Object.values(node.properties) : [];
    const branches = ["oneOf", "anyOf", "allOf"].flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : []));
    return [...props, ...branches, node.items, node.additionalProperties].filter(isNode);
  }

  /** Whether a schema is not the same in every band: something below it comes, goes or changes. */
  varies(node: unknown): boolean {
    if (!isNode(node)) return false;
    const known = this.varying.get(node);
    if (known !== undefined) return known;
    this.varying.set(node, false);
    const schema = this.target(node) as Extended;
    const result = schema !== node ? this.varies(schema) : this.children(node).some((child) => !this.presence(child).every(Boolean) || this.varies(child));
    this.varying.set(node, result);
    return result;
  }

  /**
   * A schema's type in band B: schema.ts's own where nothing in it varies. `union`: schema.ts's
   * type of this object, when it has one that can be indexed (a component, or a required object
   * property of one), to take the properties that do not vary from it.
   */
  typeOf(node: unknown, path: string, union?: ts.TypeNode): ts.TypeNode {
    if (!isNode(node) || !this.varies(node)) return transformSchemaObject(node as SchemaObject, { path, ctx: this.ctx });
    if (typeof node.$ref === "string") {
      if (!node.$ref.startsWith(SCHEMA_REF)) throw new Error(`${path}: a versioned $ref must point into components.schemas, not ${node.$ref}`);
      const name = node.$ref.slice(SCHEMA_REF.length);
      return named(name, [B]);
    }
    for (const key of ["allOf", "patternProperties", "prefixItems"]) {
      if (key in node) throw new Error(`${path}: ${key} beside versioned fields is not supported by the versioned types`);
    }
    const parts: ts.TypeNode[] = [];
    const plain = !("oneOf" in node || "anyOf" in node || [node.type].flat().includes("null"));
    if (isNode(node.properties) || isNode(node.additionalProperties)) parts.push(this.objectType(node, path, plain ? union : undefined));
    else if (isNode(node.items)) parts.push(ts.factory.createArrayTypeNode(this.typeOf(node.items, `${path}/items`)));
    const branches = ["oneOf", "anyOf"].flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]).map((b, i) => [b, `${path}/${k}/${i}`] as const) : []));
    if (branches.length > 0) {
      parts.push(
        tsUnion(
          branches.flatMap(([branch, at]) => {
            const presence = this.presence(branch);
            return presence.some(Boolean) ? [when(this.bands(presence), this.typeOf(branch, at), NEVER)] : [];
          }),
        ),
      );
    }
    const type = tsIntersection(parts);
    return [node.type].flat().includes("null") ? tsUnion([type, NULL]) : type;
  }

  /**
   * Properties in every band as they are (taken from schema.ts's `union` type where they do not
   * vary); the others grouped by the bands they exist in, each group behind its condition.
   */
  private objectType(node: Extended, path: string, union?: ts.TypeNode): ts.TypeNode {
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const unchanged: string[] = [];
    const always: ts.TypeElement[] = [];
    const groups = new Map<string, { presence: boolean[]; members: ts.TypeElement[] }>();
    for (const [name, schema] of Object.entries(isNode(node.properties) ? node.properties : {})) {
      const presence = this.presence(schema);
      if (!presence.some(Boolean)) continue;
      if (union && presence.every(Boolean) && !this.varies(schema)) {
        unchanged.push(name);
        continue;
      }
      const inner = union && presence.every(Boolean) && required.has(name) && !("$ref" in (schema as Extended)) ? ts.factory.createIndexedAccessTypeNode(union, text(name)) : undefined;
      const property = member(name, this.typeOf(schema, `${path}/properties/${name}`, inner), !required.has(name));
      addJSDocComment(schema as SchemaObject, property);
      if (presence.every(Boolean)) always.push(property);
      else {
        const key = presence.map(Number).join("");
        if (!groups.has(key)) groups.set(key, { presence, members: [] });
        groups.get(key)!.members.push(property);
      }
    }
    const first = (presence: boolean[]) => presence.indexOf(true) * presence.length + presence.lastIndexOf(true);
    const conditional = [...groups.values()].sort((a, b) => first(a.presence) - first(b.presence));
    const parts: ts.TypeNode[] = conditional.map((g) => when(this.bands(g.presence), literal(g.members), UNKNOWN));
    if (always.length > 0 || (parts.length === 0 && unchanged.length === 0)) parts.unshift(literal(always));
    if (union && unchanged.length > 0) parts.unshift(named("Pick", [union, tsUnion(unchanged.map(text))]));
    const extra = node.additionalProperties;
    if (extra === true || isNode(extra)) {
      const value = isNode(extra) && Object.keys(extra).length > 0 ? this.typeOf(extra, path) : UNKNOWN;
      const key = ts.factory.createParameterDeclaration(undefined, undefined, "key", undefined, named("string"));
      parts.push(literal([ts.factory.createIndexSignature(undefined, [key], value)]));
    }
    const type = parts.length === 1 ? parts[0]! : named("Flat", [tsIntersection(parts)]);
    // Where no property is left, openapi-typescript's empty object (or unknown, without a type).
    const none = this.starts.map((_, band) => always.length + unchanged.length === 0 && parts.length === conditional.length && conditional.every((g) => !g.presence[band]));
    if (!none.some(Boolean)) return type;
    const empty = "type" in node ? tsRecord(named("string"), NEVER) : UNKNOWN;
    return none.every(Boolean) ? empty : ts.factory.createConditionalTypeNode(B, this.bands(none)!, empty, type);
  }

  /** The union of the success replies present in band B: a JSON body's type, or undefined for none. */
  reply(op: OperationObject, path: string): ts.TypeNode | undefined {
    const replies = Object.entries(op.responses ?? {})
      .filter(([status]) => /^2\d\d$/.test(status))
      .map(([status, reply]) => {
        const response = deref(this.doc, reply as ResponseObject | ReferenceObject);
        const schema = response.content?.["application/json"]?.schema;
        return { presence: this.presence(reply), schema, at: `${path}/responses/${status}/content/application~1json/schema` };
      });
    if (replies.every((r) => r.presence.every(Boolean) && !this.varies(r.schema))) return undefined;
    const types = replies.filter((r) => r.presence.some(Boolean)).map((r) => when(this.bands(r.presence), r.schema ? this.typeOf(r.schema, r.at) : UNDEFINED, NEVER));
    // 200 and 201 may answer the same schema: one member of the union.
    return tsUnion([...new Map(types.map((t) => [astToString(t), t])).values()]);
  }

  /** The query parameters in band B, as CallInput takes them; undefined when none comes or goes. */
  query(params: ParameterObject[], path: string): ts.TypeNode | undefined {
    const query = params.filter((p) => p.in === "query");
    if (query.every((p) => this.presence(p).every(Boolean) && !this.varies(p.schema))) return undefined;
    const properties = Object.fromEntries(
      query.map((p) => [p.name, { ...(p.schema as Extended), "x-min-version": p["x-min-version" as keyof ParameterObject], "x-max-version": p["x-max-version" as keyof ParameterObject], description: p.description }]),
    );
    // No `type`: where no query parameter is left, nothing (unknown), not an object that admits no key.
    return this.objectType({ properties, required: query.filter((p) => p.required).map((p) => p.name) }, `${path}/parameters`);
  }

  /** `export type Name<B extends Band> = ...` for each component schema that varies. */
  componentTypes(): ts.Node[] {
    return Object.entries((this.doc.components?.schemas ?? {}) as Record<string, Extended>)
      .filter(([, schema]) => this.varies(schema))
      .map(([name, schema]) => {
        this.components.push(name);
        const union = ts.factory.createIndexedAccessTypeNode(ts.factory.createIndexedAccessTypeNode(named("components"), text("schemas")), text(name));
        return withDoc(ts.factory.createTypeAliasDeclaration([exported], name, [bandParameter()], this.typeOf(schema, `${SCHEMA_REF}${name}`, union)), schema.description);
      });
  }
}

/** openapi-typescript's context, with the options generate.ts gives it for schema.ts. */
async function typesContext(doc: OpenAPI3): Promise<GlobalContext> {
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(doc, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: await createConfig({}),
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    silent: true,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: (ref) => resolveRef(doc, ref, { silent: true }),
  };
}

const METHODS = ["get", "put", "post", "delete", "patch", "head"] as const;

/** generated/versioned.ts's text (unformatted). */
export async function renderVersioned(doc: OpenAPI3, tables: Tables): Promise<string> {
  const starts = bandStarts(doc);
  const { min, max } = tables.microversions;
  const v = new Versioned(doc, await typesContext(doc), starts, max);

  const bandOf: string[] = [];
  for (let n = minor(min), band = 0; n <= minor(max); n++) {
    if (starts[band + 1] === `2.${n}`) band++;
    bandOf.push(`  "2.${n}": ${band};`);
  }

  const byId = new Map<string, { op: OperationObject; params: ParameterObject[]; path: string }>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const pathItem = deref(doc, item);
    const shared = (pathItem.parameters ?? []).map((p) => deref<ParameterObject>(doc, p));
    for (const method of METHODS) {
      const op = pathItem[method] as OperationObject | undefined;
      if (op?.operationId) byId.set(op.operationId, { op, params: [...shared, ...(op.parameters ?? []).map((p) => deref<ParameterObject>(doc, p))], path: `#/paths/${path.replaceAll("/", "~1")}/${method}` });
    }
  }

  const served: ts.TypeElement[] = [];
  const replies: ts.PropertySignature[] = [];
  const bodies: ts.PropertySignature[] = [];
  const queries: ts.PropertySignature[] = [];
  for (const [id, entry] of Object.entries(tables.operations)) {
    const bands = v.bands(v.presence({ "x-min-version": entry.min, "x-max-version": entry.max }));
    if (bands) served.push(member(id, bands));
    const route = byId.get(id.split(".")[0]!);
    if (!route) continue;
    if (entry.action) {
      if (typeof entry.replySchema === "string") {
        if (v.varies({ $ref: `${SCHEMA_REF}${entry.replySchema}` })) replies.push(member(id, v.typeOf({ $ref: `${SCHEMA_REF}${entry.replySchema}` }, route.path)));
      } else if (entry.replySchema === undefined) {
        const reply = v.reply(route.op, route.path);
        if (reply) replies.push(member(id, reply));
      }
      const schema = entry.bodySchema ? ((doc.components?.schemas ?? {}) as Record<string, Extended>)[entry.bodySchema] : undefined;
      if (schema && v.varies(schema)) {
        if (!(schema.required as string[] | undefined)?.includes(entry.action)) throw new Error(`${id}: the body schema ${entry.bodySchema} must require its action key ${entry.action}`);
        bodies.push(member(id, ts.factory.createIndexedAccessTypeNode(v.typeOf({ $ref: `${SCHEMA_REF}${entry.bodySchema}` }, route.path), text(entry.action))));
      }
      continue;
    }
    const reply = v.reply(route.op, route.path);
    if (reply) replies.push(member(id, reply));
    const media = route.op.requestBody && deref(doc, route.op.requestBody).content?.["application/json"];
    const body = media && "schema" in media ? media.schema : undefined;
    if (body && v.varies(body)) bodies.push(member(id, v.typeOf(body, `${route.path}/requestBody`)));
    const query = v.query(route.params, route.path);
    if (query) queries.push(member(id, query));
  }

  // An operation with the same inline type as one before it names that one (servers' list and detail take the same queries).
  const bandInterface = (name: string, members: ts.PropertySignature[], description: string) => {
    const seen = new Map<string, ts.TypeNode>();
    const deduplicated = members.map((m) => {
      const key = astToString(m.type!);
      // A short type (FlavorBody<B>) reads better as it is.
      if (key.length < 80) return m;
      const earlier = seen.get(key);
      if (!earlier) seen.set(key, ts.factory.createIndexedAccessTypeNode(named(name, [B]), text((m.name as ts.Identifier | ts.StringLiteral).text)));
      return earlier ? ts.factory.updatePropertySignature(m, m.modifiers, m.name, m.questionToken, earlier) : m;
    });
    return withDoc(ts.factory.createInterfaceDeclaration([exported], name, [bandParameter()], undefined, deduplicated), description);
  };
  const components = v.componentTypes();
  const schemas = v.components.map((name) => member(name, named(name, [B])));
  const nodes = [
    withDoc(ts.factory.createInterfaceDeclaration([exported], "OperationBands", undefined, undefined, served), "The bands an operation exists in, for each that does not exist in all."),
    ...components,
    bandInterface("Schemas", schemas, "The component schemas that change with the microversion, in band B."),
    bandInterface("Replies", replies, "What an operation answers in band B, for each whose reply changes with the microversion."),
    bandInterface("Bodies", bodies, "An operation's request body in band B, for each whose body changes with the microversion."),
    bandInterface("Queries", queries, "An operation's query parameters in band B, for each where one comes or goes."),
  ];
  const operationAt = `
/** The operations that exist in band B. */
export type OperationAt<B extends Band> = Exclude<OperationId, { [Id in keyof OperationBands]: B extends OperationBands[Id] ? never : Id }[keyof OperationBands]>;
`;
  return `${PRELUDE(bandOf.join("\n"))}${operationAt}\n${astToString(nodes)}`;
}
