import { describe, expect, it } from "vitest";
import { negotiate } from "../../src/client/discovery.js";
import { parseRequestedVersion, parseVersion } from "../../src/core/version.js";

const v = parseVersion;
const client = { min: v("2.1"), max: v("2.104") };

describe("microversion negotiation", () => {
  it("2.latest is the lower of the server's and the client's maximum", () => {
    expect(negotiate(v("2.latest"), { min: v("2.1"), max: v("2.93") }, client)).toEqual(v("2.93"));
    expect(negotiate(v("2.latest"), { min: v("2.1"), max: v("2.110") }, client)).toEqual(v("2.104"));
  });

  it("compares minor versions as numbers (2.100 > 2.93)", () => {
    expect(negotiate(v("2.100"), { min: v("2.1"), max: v("2.104") }, client)).toEqual(v("2.100"));
  });

  it("refuses an explicit version outside the server's range, naming the range", () => {
    expect(() => negotiate(v("2.99"), { min: v("2.1"), max: v("2.93") }, client)).toThrow(
      "The specified version isn't supported by server. The valid version range is '2.1' to '2.93'",
    );
  });

  it("refuses a version beyond the client", () => {
    expect(() => negotiate(v("2.105"), { min: v("2.1"), max: v("2.110") }, client)).toThrow("isn't supported by client");
  });

  it("refuses malformed versions with a clear message", () => {
    expect(() => v("3.1")).toThrow("Invalid microversion '3.1'");
    expect(() => v("2.x")).toThrow("Invalid microversion");
  });

  it("reads --os-compute-api-version as python-novaclient does", () => {
    expect(parseRequestedVersion("2.60")).toEqual(v("2.60"));
    expect(parseRequestedVersion("2.latest")).toEqual(v("2.latest"));
    // "2" and "2.0" are the base API without microversions, which Nova serves as 2.1.
    expect(parseRequestedVersion("2")).toEqual(v("2.1"));
    expect(parseRequestedVersion("2.0")).toEqual(v("2.1"));
    expect(() => parseRequestedVersion("3.0")).toThrow("Invalid client version '3.0'. Major part should be '2'");
    expect(() => parseRequestedVersion("3")).toThrow("Invalid client version '3.0'. Major part should be '2'");
    expect(() => parseRequestedVersion("abc")).toThrow("Invalid format of client version 'abc'. Expected format 'X.Y', where X is a major part and Y is a minor part of version.");
    expect(() => parseRequestedVersion("2.01")).toThrow("Invalid format of client version '2.01'.");
  });

  it("a minor of hundreds of digits is beyond every range, never 2.latest", () => {
    const huge = parseRequestedVersion(`2.${"9".repeat(309)}`);
    expect(huge.minor).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => negotiate(huge, { min: v("2.1"), max: v("2.93") }, client)).toThrow("The specified version isn't supported by client. The valid version range is '2.1' to '2.104'");
  });
});
