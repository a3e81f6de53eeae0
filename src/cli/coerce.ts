import type { CliArg } from "../../generated/commands.js";

const TRUE = ["1", "t", "true", "on", "y", "yes"];
const FLOAT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;
const FALSE = ["0", "f", "false", "off", "n", "no"];

/**
 * argparse's type= conversion of an argument, as python-novaclient declares it: int, float, or
 * a boolean with a value (--is-public <is-public>: oslo's strict bool_from_string in a lambda).
 * A bad value is a usage error naming the argument (`label`: --limit, or <ram> for a positional).
 */
export function coercion(arg: CliArg, label: string): ((value: unknown) => unknown) | undefined {
  if (arg.type === "boolean" && arg.metavar && !arg.metavar.startsWith("[")) {
    return (value) => {
      if (value === undefined || typeof value === "boolean") return value;
      const text = String(value).trim().toLowerCase();
      if (TRUE.includes(text)) return true;
      if (FALSE.includes(text)) return false;
      throw new Error(`argument ${label}: invalid <lambda> value: '${String(value)}'`);
    };
  }
  if (arg.type !== "integer" && arg.type !== "number") return undefined;
  const pattern = arg.type === "integer" ? /^\s*[+-]?\d+\s*$/ : FLOAT;
  return (value) => {
    if (value === undefined) return value;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (!pattern.test(String(item))) throw new Error(`argument ${label}: invalid ${arg.type === "integer" ? "int" : "float"} value: '${String(item)}'`);
    }
    const numbers = items.map(Number);
    return Array.isArray(value) ? numbers : numbers[0];
  };
}

/** python-novaclient's --timeout type (positive_non_zero_float), in its words. */
export function positiveFloat(label: string): (value: unknown) => number {
  return (value) => {
    if (!FLOAT.test(String(value))) throw new Error(`argument ${label}: ${String(value)} must be a float`);
    const n = Number(value);
    if (n <= 0) throw new Error(`argument ${label}: ${String(value)} must be greater than 0`);
    return n;
  };
}
