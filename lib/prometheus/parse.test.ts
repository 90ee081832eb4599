import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { singleValue } from "./client";
import { parseApiResponse, parseSampleValue } from "./parse";

describe("parseApiResponse", () => {
  it("parses a vector into samples with ms timestamps and numbers", () => {
    const r = parseApiResponse({
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { service: "a" }, value: [1700000000.123, "0.25"] },
          { metric: {}, value: [1700000000.123, "+Inf"] },
        ],
      },
    });
    expect(r).toEqual({
      kind: "vector",
      samples: [
        { labels: { service: "a" }, t: 1700000000123, value: 0.25 },
        { labels: {}, t: 1700000000123, value: Infinity },
      ],
    });
  });
  it("parses a matrix into series of points", () => {
    const r = parseApiResponse({
      status: "success",
      data: {
        resultType: "matrix",
        result: [
          {
            metric: { le: "0.1" },
            values: [
              [1, "1"],
              [2, "NaN"],
              [3, "-Inf"],
            ],
          },
        ],
      },
    });
    expect(r.kind).toBe("matrix");
    if (r.kind === "matrix") {
      expect(r.series[0].labels).toEqual({ le: "0.1" });
      expect(r.series[0].points.map((p) => p.t)).toEqual([1000, 2000, 3000]);
      expect(r.series[0].points[1].v).toBeNaN();
      expect(r.series[0].points[2].v).toBe(-Infinity);
    }
  });
  it("parses scalars and strings", () => {
    expect(parseApiResponse({ status: "success", data: { resultType: "scalar", result: [5, "42"] } })).toEqual({
      kind: "scalar",
      t: 5000,
      value: 42,
    });
    expect(parseApiResponse({ status: "success", data: { resultType: "string", result: [5, "hi"] } })).toEqual({
      kind: "string",
      t: 5000,
      value: "hi",
    });
  });
  it("turns a PromQL error into AppError(invalid) with Prometheus' words", () => {
    const bad = { status: "error", errorType: "bad_data", error: "1:5: parse error: unexpected end of input" };
    expect(() => parseApiResponse(bad)).toThrow(AppError);
    try {
      parseApiResponse(bad);
    } catch (e) {
      expect((e as AppError).code).toBe("invalid");
      expect((e as AppError).userMessage).toContain("parse error");
    }
  });
  it("treats Prometheus' own timeouts as unavailable and garbage as unavailable", () => {
    const codeOf = (json: unknown) => {
      try {
        parseApiResponse(json);
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(codeOf({ status: "error", errorType: "timeout", error: "query timed out" })).toBe("unavailable");
    expect(codeOf({ status: "error", errorType: "execution", error: "many-to-many matching" })).toBe("invalid");
    expect(codeOf("<html>bad gateway</html>")).toBe("unavailable");
  });
  it("reads Prometheus' special values", () => {
    expect([parseSampleValue("+Inf"), parseSampleValue("-Inf"), parseSampleValue("1e3")]).toEqual([
      Infinity,
      -Infinity,
      1000,
    ]);
    expect(parseSampleValue("NaN")).toBeNaN();
  });
});

describe("singleValue", () => {
  it("is null for no data: empty, NaN, infinities", () => {
    expect(singleValue({ kind: "vector", samples: [] })).toBeNull();
    expect(singleValue({ kind: "vector", samples: [{ labels: {}, t: 0, value: NaN }] })).toBeNull();
    expect(singleValue({ kind: "scalar", t: 0, value: Infinity })).toBeNull();
    expect(singleValue({ kind: "vector", samples: [{ labels: {}, t: 0, value: 0 }] })).toBe(0);
  });
  it("refuses several series: the query must aggregate to one", () => {
    const two = {
      kind: "vector" as const,
      samples: [
        { labels: { a: "1" }, t: 0, value: 1 },
        { labels: { a: "2" }, t: 0, value: 2 },
      ],
    };
    expect(() => singleValue(two)).toThrow(/2 series/);
  });
});
