import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fill } from "../../src/text/textwrap.js";

const PYTHON = "/usr/bin/python3";

describe("Python's textwrap.fill", () => {
  it("breaks where Python breaks: after hyphens, inside long words, on whitespace (cases from python3)", () => {
    const cases: [string, number, string][] = [
      ["9168b536-cd40-4630-b43f-b259807c6e87", 10, "9168b536-\ncd40-4630-\nb43f-\nb259807c6e\n87"],
      ["a well-known self-contained e-mail address", 12, "a well-known\nself-\ncontained\ne-mail\naddress"],
      ['{"hw:cpu_policy": "dedicated"}', 9, '{"hw:cpu_\npolicy": \n"dedicate\nd"}'],
      ["tab\there and\nnewline", 7, "tab\nhere\nand\nnewline"],
      ["x--y and so-on", 4, "x--y\nand\nso-\non"],
      ["日本語テキスト", 3, "日本語\nテキス\nト"],
      ["None", 1, "N\no\nn\ne"],
      ["", 5, ""],
    ];
    for (const [text, width, expected] of cases) expect(fill(text, width), `${JSON.stringify(text)} at ${width}`).toBe(expected);
  });

  it.runIf(existsSync(PYTHON))("agrees with python3 on 300 random texts and widths", () => {
    const words = ["alpha", "beta-gamma", "x", "e-mail", "--", "a--b", "9168b536-cd40-4630-b43f-b259807c6e87", "日本語テキスト", "ünïcode", "tab\there", "new\nline", "  ", "hw:cpu_policy", "long".repeat(12), "a-b-c", "http://example.com/p-q/x", "'q'", "end.", "—", "1.0"];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cases = Array.from({ length: 300 }, () => {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(random() < 0.8 ? " " : "");
      return [text, 1 + Math.floor(random() * 40)] as const;
    });
    const script = "import json, sys, textwrap\nprint(json.dumps([textwrap.fill(t, w) for t, w in json.load(sys.stdin)]))";
    const python = JSON.parse(execFileSync(PYTHON, ["-c", script], { input: JSON.stringify(cases) }).toString()) as string[];
    expect(cases.map(([text, width]) => fill(text, width))).toEqual(python);
  });
});
