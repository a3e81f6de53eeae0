import type { CliArg } from "../../generated/commands.js";
import { NovaClientError } from "../core/errors.js";
import { MAX_TIMEOUT_SECONDS } from "../core/timeout.js";

const TRUE = ["1", "t", "true", "on", "y", "yes"];
const INT = /^\s*[+-]?\d+(_\d+)*\s*$/;

/**
 * Python's int() of an argument: an optional sign, digits (underscores between them), spaces
 * around; undefined where int() would raise. A value beyond 2^53 is refused (a JavaScript number
 * would no longer be the integer given: 9223372036854775808 would go as 9223372036854776000).
 */
export function pyInt(value: unknown): number | undefined {
  const text = String(value);
  if (!INT.test(text)) return undefined;
  const n = Number(text.replace(/_/g, ""));
  if (!Number.isSafeInteger(n)) throw new NovaClientError("CommandError", `${text.trim()} is too large: the largest integer nova-ts sends exactly is ${Number.MAX_SAFE_INTEGER}.`);
  return n;
}
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
  return (value) => {
    if (value === undefined) return value;
    const items = Array.isArray(value) ? value : [value];
    const numbers = items.map((item) => {
      let n: number | undefined;
      try {
        n = arg.type === "integer" ? pyInt(item) : FLOAT.test(String(item)) ? Number(item) : undefined;
      } catch (err) {
        throw new Error(`argument ${label}: ${(err as Error).message}`);
      }
      if (n === undefined) throw new Error(`argument ${label}: invalid ${arg.type === "integer" ? "int" : "float"} value: '${String(item)}'`);
      return n;
    });
    return Array.isArray(value) ? numbers : numbers[0];
  };
}

/** python-novaclient's --timeout type (positive_non_zero_float), in its words. */
export function positiveFloat(label: string): (value: unknown) => number {
  return (value) => {
    if (!FLOAT.test(String(value))) throw new Error(`argument ${label}: ${String(value)} must be a float`);
    const n = Number(value);
    if (n <= 0) throw new Error(`argument ${label}: ${String(value)} must be greater than 0`);
    if (n > MAX_TIMEOUT_SECONDS) throw new Error(`argument ${label}: ${String(value)} must be at most ${MAX_TIMEOUT_SECONDS} (the longest a timer can wait)`);
    return n;
  };
}

/** A count option (--retries): python's int() of the value, at least 0. */
export function nonNegativeInt(label: string): (value: unknown) => number {
  const int = coercion({ name: label, type: "integer" }, label)!;
  return (value) => {
    const n = int(value) as number;
    if (n < 0) throw new Error(`argument ${label}: ${String(value)} must be 0 or more`);
    return n;
  };
}

/** python's int() of a text where python-novaclient lets its ValueError through. */
export function intOrValueError(text: unknown): number {
  const n = pyInt(text);
  if (n === undefined) throw new NovaClientError("ValueError", `invalid literal for int() with base 10: '${String(text)}'`);
  return n;
}

// iso8601.parse_date's pattern (oslo's parse_isotime): a year, then optionally month, day, time and zone.
const ISO_TIME =
  /^(?<year>\d{4})(?:(?:-(?<monthdash>\d{1,2})|(?<month>\d{2})(?!$))(?:(?:-(?<daydash>\d{1,2})|(?<day>\d{2}))(?:[ T](?<hour>\d{2})(?::?(?<minute>\d{2}))?(?::?(?<second>\d{1,2})(?:[.,]\d+)?)?(?:Z|[-+](?<tzh>\d{2}):?(?<tzm>\d{2})?)?)?)?)?$/;

/** Whether oslo's timeutils.parse_isotime accepts the text (the pattern, and a real date and time). */
export function isIsoTime(text: string): boolean {
  const g = ISO_TIME.exec(text)?.groups;
  if (!g) return false;
  const n = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  const [year, month, day] = [n(g.year, 0), n(g.month ?? g.monthdash, 1), n(g.day ?? g.daydash, 1)];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days && n(g.hour, 0) < 24 && n(g.minute, 0) < 60 && n(g.second, 0) < 60 && n(g.tzh, 0) < 24 && n(g.tzm, 0) < 60;
}
