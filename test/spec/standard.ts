/**
 * A reader of nova-spec's documents that knows nothing of our vocabulary: it finds a body's
 * schema the way any OpenAPI tool does (path item, method, requestBody or the reply's status, or
 * `default`) and validates with plain ajv. No x- keyword is declared, no custom code checks
 * anything: `strict: false` lets ajv ignore the x- keys as the annotations they are, and formats
 * are annotations, as JSON Schema 2020-12 has them by default.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { type OperationId, operations } from "../../generated/operations.js";
import { type OpenApiDocument, specAt } from "../../src/spec/index.js";

type Node = Record<string, unknown>;

export type Direction = "request" | { status: number };

const pointer = (...steps: string[]) => steps.map((s) => `/${s.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

export class StandardReader {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private static ids = 0;
  private readonly id = `nova-spec-${StandardReader.ids++}`;

  constructor(readonly doc: OpenApiDocument) {
    this.ajv.addSchema(doc, this.id);
  }

  /** The JSON pointer of the schema of a body, or why there is none. */
  private schemaPointer(method: string, path: string, direction: Direction): string | { missing: string } {
    const operation = this.doc.paths[path]?.[method] as Node | undefined;
    if (!operation) return { missing: `${method.toUpperCase()} ${path} is not in the document` };
    let steps = [path, method];
    let holder: unknown;
    if (direction === "request") {
      holder = operation.requestBody;
      steps.push("requestBody");
    } else {
      const responses = (operation.responses ?? {}) as Node;
      const status = String(direction.status) in responses ? String(direction.status) : "default";
      holder = responses[status];
      steps.push("responses", status);
    }
    // A reference is followed as a standard reader follows it: to the component's own pointer.
    for (let ref = (holder as Node | undefined)?.$ref; typeof ref === "string"; ref = (holder as Node | undefined)?.$ref) {
      steps = ref.slice(2).split("/");
      holder = steps.reduce<unknown>((node, step) => (node as Node | undefined)?.[step], this.doc);
    }
    const schema = ((holder as Node | undefined)?.content as Record<string, Node> | undefined)?.["application/json"]?.schema;
    if (schema === undefined) return { missing: `${method.toUpperCase()} ${path} has no JSON body for ${JSON.stringify(direction)}` };
    return `${steps[0] === "components" ? pointer(...steps) : pointer("paths", ...steps)}/content/application~1json/schema`;
  }

  /** Problems of `body` as the body of an operation (by path and method); [] when valid. */
  check(method: string, path: string, direction: Direction, body: unknown): string[] {
    const where = this.schemaPointer(method, path, direction);
    if (typeof where !== "string") return [where.missing];
    let validate = this.compiled.get(where);
    if (!validate) this.compiled.set(where, (validate = this.ajv.compile({ $ref: `${this.id}#${where}` })));
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
  }

  /** Whether the document has an operation (or action, by its endpoint) of this id. */
  hasOperation(id: string): boolean {
    const op = operations[id as OperationId];
    return op !== undefined && this.doc.paths[op.path]?.[op.method] !== undefined;
  }

  /** The same, for an operation (or action) by its id. */
  checkOperation(id: string, direction: Direction, body: unknown): string[] {
    const op = operations[id as OperationId];
    if (!op) return [`no operation ${id}`];
    return this.check(op.method, op.path, direction, body);
  }
}

/** One reader per microversion's document, made on first use, and one of the union. */
export class StandardReaders {
  private readonly byVersion = new Map<string, StandardReader>();
  readonly union = new StandardReader(specAt());

  at(version: string): StandardReader {
    let reader = this.byVersion.get(version);
    if (!reader) this.byVersion.set(version, (reader = new StandardReader(specAt(version))));
    return reader;
  }
}
