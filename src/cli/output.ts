import type { CliOutput } from "../../generated/commands.js";
import { type ApiVersion, inRange } from "../core/version.js";
import { type Column, type Row, fieldColumn, formatDict, formatList } from "./print.js";
import type { NumberHint } from "../text/python.js";

/** The table columns an output declares at this microversion. */
export function declaredColumns(output: CliOutput, version: ApiVersion, hint: NumberHint): Column[] {
  return (output.columns ?? []).filter((c) => inRange(version, c.min ?? "2.1", c.max)).map((c) => fieldColumn(c.header, c.field, hint, c.missing));
}

/** Renders a result the way the command's x-cli output says; undefined prints nothing. */
export function renderOutput(output: CliOutput | undefined, result: unknown, version: ApiVersion, hint: NumberHint): string | undefined {
  if (!output || output.kind === "none") return undefined;
  const picked = output.from && result && typeof result === "object" ? (result as Row)[output.from] : result;
  if (output.kind === "table") {
    const rows = (Array.isArray(picked) ? picked : [picked]) as Row[];
    return formatList(rows, declaredColumns(output, version, hint));
  }
  if (output.kind === "properties") {
    const record = { ...(picked as Row) };
    for (const key of output.drop ?? []) delete record[key];
    return formatDict(record, hint);
  }
  throw new Error(`unknown x-cli output kind "${output.kind}"`);
}
