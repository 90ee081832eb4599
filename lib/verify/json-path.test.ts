import { describe, expect, it } from "vitest";
import { checkAssertion, formatAssertion, jsonEqual, lookup, parseAssertionLine, parsePath } from "./json-path";

const body = {
  token: "abc",
  user: { id: 7, roles: ["admin", "ops"] },
  items: [{ sku: "a" }, { sku: "b" }],
  "odd key": 1,
  empty: null,
};

describe("parsePath", () => {
  it("parses dotted names, indexes and quoted keys", () => {
    expect(parsePath("$")).toEqual([]);
    expect(parsePath("$.token")).toEqual(["token"]);
    expect(parsePath("$.items[1].sku")).toEqual(["items", 1, "sku"]);
    expect(parsePath("$.items[-1]")).toEqual(["items", -1]);
    expect(parsePath(`$["odd key"]`)).toEqual(["odd key"]);
    expect(parsePath("$['a.b'][0]")).toEqual(["a.b", 0]);
  });
  it("refuses malformed paths with a reason", () => {
    expect(() => parsePath("token")).toThrow(/must start with \$/);
    expect(() => parsePath("$.")).toThrow(/expected a name/);
    expect(() => parsePath("$.items[1")).toThrow(/not closed/);
    expect(() => parsePath("$.items[x]")).toThrow(/index or a quoted key/);
    expect(() => parsePath("$items")).toThrow(/unexpected/);
  });
});

describe("lookup", () => {
  it("finds values, including null and falsy ones", () => {
    expect(lookup(body, "$.user.roles[0]")).toEqual({ found: true, value: "admin" });
    expect(lookup(body, "$.items[-1].sku")).toEqual({ found: true, value: "b" });
    expect(lookup(body, "$.empty")).toEqual({ found: true, value: null });
    expect(lookup(body, `$["odd key"]`)).toEqual({ found: true, value: 1 });
    expect(lookup([1, 2], "$[1]")).toEqual({ found: true, value: 2 });
  });
  it("says where the path stopped", () => {
    expect(lookup(body, "$.user.email")).toEqual({ found: false, at: "$.user.email" });
    expect(lookup(body, "$.items[5].sku")).toEqual({ found: false, at: "$.items[5]" });
    expect(lookup(body, "$.token.length")).toEqual({ found: false, at: "$.token.length" });
    expect(lookup(body, "$.user[0]")).toEqual({ found: false, at: "$.user[0]" });
    expect(lookup(null, "$.a")).toEqual({ found: false, at: "$.a" });
    // no prototype walking
    expect(lookup({}, "$.constructor")).toEqual({ found: false, at: "$.constructor" });
  });
});

describe("assertions", () => {
  it("exists / notExists / isArray / equals", () => {
    expect(checkAssertion(body, { path: "$.token", op: "exists" })).toBeNull();
    expect(checkAssertion(body, { path: "$.refresh", op: "exists" })).toBe("$.refresh is missing (no $.refresh)");
    expect(checkAssertion(body, { path: "$.refresh", op: "notExists" })).toBeNull();
    expect(checkAssertion(body, { path: "$.token", op: "notExists" })).toMatch(/should not/);
    expect(checkAssertion(body, { path: "$.items", op: "isArray" })).toBeNull();
    expect(checkAssertion(body, { path: "$.user", op: "isArray" })).toBe("$.user is not an array (object)");
    expect(checkAssertion(body, { path: "$.empty", op: "isArray" })).toBe("$.empty is not an array (null)");
    expect(checkAssertion(body, { path: "$.user.id", op: "equals", value: 7 })).toBeNull();
    expect(
      checkAssertion(body, { path: "$.user", op: "equals", value: { roles: ["admin", "ops"], id: 7 } }),
    ).toBeNull();
    expect(checkAssertion(body, { path: "$.user.id", op: "equals", value: "7" })).toBe('$.user.id is 7, expected "7"');
    expect(checkAssertion(body, { path: "bad", op: "exists" })).toMatch(/must start with/);
  });
  it("deep equality ignores key order but not array order", () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
  it("parses editor lines and formats them back", () => {
    expect(parseAssertionLine("$.token exists")).toEqual({ path: "$.token", op: "exists" });
    expect(parseAssertionLine("  $.items  isarray ")).toEqual({ path: "$.items", op: "isArray" });
    expect(parseAssertionLine('$.status equals "ok"')).toEqual({ path: "$.status", op: "equals", value: "ok" });
    expect(parseAssertionLine("$.count equals 3")).toEqual({ path: "$.count", op: "equals", value: 3 });
    expect(parseAssertionLine("$.name equals plain words")).toEqual({
      path: "$.name",
      op: "equals",
      value: "plain words",
    });
    expect(() => parseAssertionLine("$.a contains x")).toThrow(/not one of/);
    expect(() => parseAssertionLine("$.a equals")).toThrow(/needs a value/);
    expect(() => parseAssertionLine("$.a exists 1")).toThrow(/takes no value/);
    expect(() => parseAssertionLine("token exists")).toThrow(/<path>/);
    const a = parseAssertionLine('$.status equals "ok"');
    expect(parseAssertionLine(formatAssertion(a))).toEqual(a);
  });
});
