/**
 * Python's text forms of JSON values, as python-novaclient prints them: str() for table
 * cells, repr() inside containers, json.dumps() for dicts in Property/Value tables.
 * JSON.parse loses "1.0" vs "1", so numbers of fields the spec types as `number` (floats in
 * Nova, like rxtx_factor) are written the way Python writes floats.
 */

/** Python's repr of a float: shortest digits, exponent below 1e-4 or from 1e16, always a point. */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = n.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const sign = n < 0 ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = exp + 1;
  let text: string;
  if (point <= 0) text = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) text = `${digits}${"0".repeat(point - digits.length)}.0`;
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + text;
}

export interface NumberHint {
  /** JSON keys whose numbers are floats (from the spec). */
  floats: ReadonlySet<string>;
}

const num = (n: number, key: string | undefined, hint: NumberHint) =>
  Number.isInteger(n) && !(key !== undefined && hint.floats.has(key)) ? String(n) : pyFloat(n);

/** Python's repr of a str: single quotes unless it has ' and no ", escapes for the rest. */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0xad) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (/[\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== " ")) {
      out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\U${cp.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's repr of a str encoded to UTF-8 bytes (b'...'), as print(str.encode()) shows it. */
export function pyReprBytes(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = `b${quote}`;
  for (const byte of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(byte);
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr of a decoded JSON value. */
export function pyRepr(value: unknown, hint: NumberHint, key?: string): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return num(value, key, hint);
  if (typeof value === "string") return pyReprString(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, hint, key)).join(", ")}]`;
  return `{${Object.entries(value as object)
    .map(([k, v]) => `${pyReprString(k)}: ${pyRepr(v, hint, k)}`)
    .join(", ")}}`;
}

/** Python's str(): strings as they are, everything else as repr. */
export function pyStr(value: unknown, hint: NumberHint, key?: string): string {
  return typeof value === "string" ? value : pyRepr(value, hint, key);
}

/** json.dumps(value, ensure_ascii=False) with Python's separators and float forms. */
export function pyJson(value: unknown, hint: NumberHint, key?: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return num(value, key, hint);
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyJson(v, hint, key)).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v, hint, k)}`)
    .join(", ")}}`;
}

/**
 * JSON as a Python server writes it where it matters to a client: floats keep their ".0"
 * (rxtx_factor: 1.0). Native JSON.stringify does the work; then whole numbers of float fields
 * get their ".0" (a key is `"name":` outside strings, where a quote would be escaped).
 */
export function jsonWithFloats(value: unknown, hint: NumberHint): string {
  const text = JSON.stringify(value);
  if (hint.floats.size === 0) return text;
  let pattern = floatKeys.get(hint);
  if (!pattern) {
    const keys = [...hint.floats].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    floatKeys.set(hint, (pattern = new RegExp(`(?<!\\\\)"(${keys})":(-?\\d+)(?=[,}\\]])`, "g")));
  }
  return text.replace(pattern, (_, key: string, n: string) => `"${key}":${pyFloat(Number(n))}`);
}

const floatKeys = new WeakMap<NumberHint, RegExp>();

/** pprint's repr: like pyRepr, but dict keys sorted (sort_dicts). */
function sortedRepr(value: unknown, hint: NumberHint, key?: string): string {
  if (value === null || typeof value !== "object") return pyRepr(value, hint, key);
  if (Array.isArray(value)) return `[${value.map((v) => sortedRepr(v, hint, key)).join(", ")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${pyReprString(k)}: ${sortedRepr((value as Record<string, unknown>)[k], hint, k)}`).join(", ")}}`;
}

/**
 * Python's pprint.pformat(value) (width 80): the repr on one line when it fits, else lists and
 * dicts one item a line, long strings cut at spaces into adjacent literals.
 */
export function pyPformat(value: unknown, hint: NumberHint, width = 80): string {
  let out = "";
  const format = (v: unknown, indent: number, allowance: number, level: number, key?: string): void => {
    const rep = sortedRepr(v, hint, key);
    if (typeof v === "string" && v && rep.length > width - indent - allowance) return formatString(v, indent, allowance, level + 1, rep);
    if (rep.length <= width - indent - allowance || v === null || typeof v !== "object") {
      out += rep;
      return;
    }
    const items = Array.isArray(v) ? v.map((x): [string | undefined, unknown] => [undefined, x]) : Object.keys(v as object).sort().map((k): [string | undefined, unknown] => [k, (v as Record<string, unknown>)[k]]);
    out += Array.isArray(v) ? "[" : "{";
    const inner = indent + 1;
    items.forEach(([k, x], i) => {
      const last = i === items.length - 1;
      if (i > 0) out += `,\n${" ".repeat(inner)}`;
      if (k === undefined) format(x, inner, last ? allowance + 1 : 1, level + 1, key);
      else {
        const keyRep = pyReprString(k);
        out += `${keyRep}: `;
        format(x, inner + keyRep.length + 2, last ? allowance + 1 : 1, level + 1, k);
      }
    });
    out += Array.isArray(v) ? "]" : "}";
  };
  const formatString = (s: string, indent: number, allowance: number, level: number, whole: string): void => {
    const chunks: string[] = [];
    const lines = s.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/g)!.filter(Boolean);
    let ind = indent;
    let allow = allowance;
    if (level === 1) {
      ind += 1;
      allow += 1;
    }
    let maxWidth1 = width - ind;
    lines.forEach((line, i) => {
      const rep = pyReprString(line);
      if (i === lines.length - 1) maxWidth1 -= allow;
      if (rep.length <= maxWidth1) {
        chunks.push(rep);
        return;
      }
      const parts = line.match(/\S*\s*/g)!.slice(0, -1);
      let maxWidth2 = width - ind;
      let current = "";
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allow;
        if (pyReprString(candidate).length > maxWidth2) {
          if (current) chunks.push(pyReprString(current));
          current = part;
        } else current = candidate;
      });
      if (current) chunks.push(pyReprString(current));
    });
    if (chunks.length === 1) {
      out += whole;
      return;
    }
    if (level === 1) out += "(";
    out += chunks.join(`\n${" ".repeat(ind)}`);
    if (level === 1) out += ")";
  };
  format(value, 0, 0, 0);
  return out;
}
