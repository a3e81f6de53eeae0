import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { type ApiVersion, formatVersion } from "../core/version.js";
import { bodyPresentAt, presentAt, schemaAtVersion } from "./at-version.js";
import { trimToSchema } from "./trim.js";

/** The bundled spec, as generated/openapi.json holds it (only what validation reads). */
export interface SpecDocument {
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { schemas?: Record<string, unknown>; parameters?: Record<string, unknown>; responses?: Record<string, unknown>; requestBodies?: Record<string, unknown> };
}
interface OperationObject {
  operationId?: string;
  requestBody?: { $ref?: string; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** An operation of the document, or one action of an action endpoint (id "<operationId>.<action>"). */
interface Indexed {
  operation: OperationObject;
  /** For an action: the schema of its one-key body (a oneOf branch of the operation's body). */
  actionBody?: unknown;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head"];

/** Our vendor keywords and OpenAPI's externalDocs (an action's API reference section): annotations for ajv, not assertions. */
const ANNOTATIONS = ["x-min-version", "x-max-version", "x-helper", "x-cli", "x-action", "externalDocs"];

export interface Problem {
  /** JSON pointer of the offending field, e.g. /flavor/ram. */
  field: string;
  message: string;
}

export type Direction = "request" | { status: number };

/**
 * Validates request and response bodies against the spec as it is at a given microversion,
 * strictly (additionalProperties as the spec says). One compiled validator per operation,
 * direction and microversion, made on first use.
 */
export class SpecValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true, validateFormats: false });
  private readonly versions = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly index = new Map<string, Indexed>();
  private readonly schemas: Record<string, unknown>;

  constructor(private readonly doc: SpecDocument) {
    this.schemas = doc.components?.schemas ?? {};
    this.ajv.addVocabulary(ANNOTATIONS);
    for (const item of Object.values(doc.paths)) {
      for (const method of METHODS) {
        const operation = item[method] as OperationObject | undefined;
        if (!operation?.operationId) continue;
        this.index.set(operation.operationId, { operation });
        const body = this.deref(operation.requestBody)?.content?.["application/json"]?.schema as { oneOf?: unknown[] } | undefined;
        for (const variant of body?.oneOf ?? []) {
          const action = this.deref<Record<string, unknown>>(variant as Record<string, unknown>)?.["x-action"];
          if (typeof action === "string") this.index.set(`${operation.operationId}.${action}`, { operation, actionBody: variant });
        }
      }
    }
  }

  /** Every operation id the document has (actions as "<operationId>.<action>"). */
  operationIds(): string[] {
    return [...this.index.keys()];
  }

  private base(version: ApiVersion): string {
    const id = `nova-${formatVersion(version)}`;
    if (!this.versions.has(id)) {
      this.versions.add(id);
      this.ajv.addSchema({ $id: id, $defs: schemaAtVersion(this.schemas, version, { refBase: id, schemas: this.schemas }) });
    }
    return id;
  }

  private deref<T>(node: T | { $ref?: string } | undefined): T | undefined {
    const ref = (node as { $ref?: string } | undefined)?.$ref;
    if (!ref?.startsWith("#/components/")) return node as T | undefined;
    const [, , kind, name] = ref.split("/");
    return this.deref((this.doc.components as Record<string, Record<string, T>>)[kind!]?.[name!]);
  }

  /** The body schema for an operation in one direction, or undefined when it has no JSON body. */
  schemaOf(id: string, direction: Direction): unknown {
    const entry = this.index.get(id);
    if (!entry) throw new Error(`the spec has no operation ${id}`);
    const { operation } = entry;
    if (direction === "request") return entry.actionBody ?? this.deref(operation.requestBody)?.content?.["application/json"]?.schema;
    const responses = operation.responses ?? {};
    const response = this.deref(responses[String(direction.status)] ?? (direction.status >= 400 || direction.status < 200 ? responses.default : undefined));
    const schema = response?.content?.["application/json"]?.schema;
    return entry.actionBody ? this.actionReply(schema, id.slice(id.lastIndexOf(".") + 1)) : schema;
  }

  /**
   * An action endpoint's reply is an anyOf of the actions' replies, each tagged with x-action
   * (one name or a list): the part that is this action's, or undefined when it has no body.
   */
  private actionReply(schema: unknown, action: string): unknown {
    const s = this.deref(schema as { $ref?: string }) as { anyOf?: unknown[]; oneOf?: unknown[] } | undefined;
    const branches = [...(s?.anyOf ?? []), ...(s?.oneOf ?? [])];
    const tag = (b: unknown) => (this.deref(b as { $ref?: string }) as Record<string, unknown> | undefined)?.["x-action"];
    if (!branches.some((b) => tag(b) !== undefined)) return schema;
    const mine = branches.filter((b) => [tag(b)].flat().includes(action));
    return mine.length === 0 ? undefined : mine.length === 1 ? mine[0] : { anyOf: mine };
  }

  /** A schema with a components $ref followed. */
  resolve(schema: unknown): unknown {
    return this.deref(schema as { $ref?: string });
  }

  /** The 2xx replies an operation has at `version` (a reply may carry x-min/max-version), by status. */
  successReplies(id: string, version: ApiVersion): { status: number; schema: unknown }[] {
    const entry = this.index.get(id);
    if (!entry) throw new Error(`the spec has no operation ${id}`);
    return Object.entries(entry.operation.responses ?? {})
      .filter(([status]) => /^2\d\d$/.test(status))
      .map(([status, r]) => [Number(status), this.deref(r)] as const)
      .filter(([, r]) => presentAt(r, version, this.schemas))
      .map(([status, r]) => ({ status, schema: r?.content?.["application/json"]?.schema }));
  }

  /** `body` with the fields removed that the operation's reply does not have at `version`. */
  trim(id: string, status: number, version: ApiVersion, body: unknown): unknown {
    return trimToSchema(body, this.schemaOf(id, { status }), version, this.schemas);
  }

  /** Problems of `body` for operation `id` at `version`; [] when valid. */
  validate(id: string, direction: Direction, version: ApiVersion, body: unknown): Problem[] {
    const key = `${id} ${JSON.stringify(direction)} ${formatVersion(version)}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      // No body when the schema, or every branch of it, lies outside the version.
      const schema = this.schemaOf(id, direction);
      validate = !bodyPresentAt(schema, version, this.schemas) ? null : this.ajv.compile(schemaAtVersion(schema, version, { refBase: this.base(version), schemas: this.schemas }) as object);
      this.compiled.set(key, validate);
    }
    if (validate === null) {
      return body === undefined || body === null || body === "" ? [] : [{ field: "", message: "the spec declares no JSON body here" }];
    }
    return validate(body) ? [] : describe(validate.errors ?? []);
  }
}

/** oneOf failures repeat every branch's complaint; keep the deepest, most specific ones. */
function describe(errors: ErrorObject[]): Problem[] {
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of chosen) {
    const extra = e.keyword === "additionalProperties" ? ` ('${String(e.params.additionalProperty)}' was unexpected)` : "";
    // Nova's words for a number out of range, which its 400 names.
    const message = e.keyword === "maximum" ? `${String(e.data)} is greater than the maximum of ${String(e.params.limit)}` : `${e.message ?? e.keyword}${extra}`;
    const problem = { field: e.instancePath || "/", message };
    const k = `${problem.field} ${problem.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(problem);
    }
  }
  return out;
}

/** A validator over generated/openapi.json, loaded on first use. */
export async function loadValidator(): Promise<SpecValidator> {
  const { default: doc } = await import("../../generated/openapi.json", { with: { type: "json" } });
  return new SpecValidator(doc as unknown as SpecDocument);
}
