import { describe, expect, it } from "vitest";
import { pyFloat, pyJson, pyRepr, pyReprBytes, pyStr } from "../../src/text/python.js";

const hint = { floats: new Set(["rxtx_factor"]) };

describe("Python text forms", () => {
  it("writes floats as Python's repr does", () => {
    expect([1, 1.5, 100, 0.0001, 2.5e-7, 1e16, 1.5e300, -0.5, 123456789012345.6].map(pyFloat)).toEqual([
      "1.0",
      "1.5",
      "100.0",
      "0.0001",
      "2.5e-07",
      "1e+16",
      "1.5e+300",
      "-0.5",
      "123456789012345.6",
    ]);
  });

  it("knows float fields from the spec even when JSON.parse made them integers", () => {
    expect(pyStr(1, hint, "rxtx_factor")).toBe("1.0");
    expect(pyStr(1, hint, "ram")).toBe("1");
    expect(pyJson({ rxtx_factor: 2, ram: 512, ok: true, none: null }, hint)).toBe('{"rxtx_factor": 2.0, "ram": 512, "ok": true, "none": null}');
  });

  it("writes a str encoded to bytes as Python's repr of bytes (what print(b) shows)", () => {
    // From python3: repr(s.encode()) for each.
    expect(["plain", "it's", `both ' and "`, "ü\\\n\t"].map(pyReprBytes)).toEqual(["b'plain'", `b"it's"`, `b'both \\' and "'`, "b'\\xc3\\xbc\\\\\\n\\t'"]);
  });

  it("writes dicts and lists as Python's repr inside table cells", () => {
    expect(pyRepr({ "hw:cpu_policy": "dedicated", n: null, b: true, l: [1, "x"] }, hint)).toBe("{'hw:cpu_policy': 'dedicated', 'n': None, 'b': True, 'l': [1, 'x']}");
    expect(pyRepr("it's", hint)).toBe(`"it's"`);
    expect(pyRepr("a\tb\\", hint)).toBe("'a\\tb\\\\'");
    expect(pyRepr("ü", hint)).toBe("'ü'");
  });
});
