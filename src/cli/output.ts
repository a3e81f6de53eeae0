import type { CliColumn, CliOutput } from "../../generated/commands.js";
import { type ApiVersion, inRange } from "../core/version.js";
import { type NumberHint, pyJson, pyStr } from "../text/python.js";
import { type Column, type Row, formatDict, formatList } from "./print.js";

/** The value at a dotted path (a.b); undefined when any step is missing. */
export function pick(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let node = value;
  for (const key of path.split(".")) {
    if (!node || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Row)[key];
  }
  return node;
}

const CELL_FORMATS: Record<NonNullable<CliColumn["format"]>, (value: unknown, hint: NumberHint, key: string) => string> = {
  join: (value, hint, key) => (Array.isArray(value) ? value.map((v) => pyStr(v, hint, key)).join(", ") : pyStr(value, hint, key)),
  json: (value, hint, key) => pyJson(value, hint, key),
  keys: (value) => (value && typeof value === "object" ? Object.keys(value).join(", ") : ""),
};

/** A declared column: the field (a.b for nested), '-' for null, `missing` when absent, or its format. */
export function declaredColumn(c: CliColumn, hint: NumberHint): Column {
  const key = c.field.split(".").pop()!;
  const format = c.format ? CELL_FORMATS[c.format] : undefined;
  return {
    header: c.header,
    text: (row) => {
      const value = pick(row, c.field);
      if (value === undefined) return c.missing ?? "";
      if (format) return format(value, hint, key);
      return value === null ? "-" : pyStr(value, hint, key).replace(/\r/g, "");
    },
  };
}

/** The table columns an output declares at this microversion. */
export function declaredColumns(output: CliOutput, version: ApiVersion, hint: NumberHint): Column[] {
  return (output.columns ?? []).filter((c) => inRange(version, c["min-version"] ?? "2.1", c["max-version"])).map((c) => declaredColumn(c, hint));
}

/** python-novaclient's flatten_dict: nested objects (and JSON text) merged in as parent_child keys. */
export function flatten(record: Row, prefix = ""): Row {
  const out: Row = {};
  for (const [key, raw] of Object.entries(record)) {
    let value = raw;
    if (!prefix && typeof raw === "string") {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    const name = prefix ? `${prefix}_${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) Object.assign(out, flatten(value as Row, name));
    else out[name] = value;
  }
  return out;
}

/** Renders a result the way the command's x-cli output says; undefined prints nothing. */
export function renderOutput(output: CliOutput | undefined, result: unknown, version: ApiVersion, hint: NumberHint): string | undefined {
  if (!output || output.kind === "none") return undefined;
  const picked = pick(result, output.from);
  switch (output.kind) {
    case "value":
      return picked === undefined ? undefined : pyStr(picked, hint, output.from?.split(".").pop());
    case "text":
      return picked === undefined || picked === null ? undefined : String(picked);
    case "table": {
      const rows = (Array.isArray(picked) ? picked : [picked]) as Row[];
      return formatList(rows, declaredColumns(output, version, hint), output["sort-by"]);
    }
    case "properties": {
      let record = { ...(picked as Row) };
      for (const key of output.drop ?? []) delete record[key];
      if (output.flatten) record = flatten(record);
      return formatDict(record, hint, output.wrap ?? 0);
    }
    default:
      throw new Error(`unknown x-cli output kind "${String(output.kind)}"`);
  }
}
