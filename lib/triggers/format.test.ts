import { describe, expect, it } from "vitest";
import { describeComparison, formatValue } from "./format";

describe("formatValue", () => {
  it("reads ratios as percentages, seconds as ms or s, rates per second", () => {
    expect(formatValue(0.485, "ratio")).toBe("48.5 %");
    expect(formatValue(0.05, "ratio")).toBe("5 %");
    expect(formatValue(0.00123, "ratio")).toBe("0.123 %");
    expect(formatValue(0.0975, "seconds")).toBe("97.5 ms");
    expect(formatValue(2.5, "seconds")).toBe("2.5 s");
    expect(formatValue(4.99999, "per_second")).toBe("5/s");
  });
  it("never turns missing data into a number", () => {
    expect(formatValue(null, "ratio")).toBe("no data");
    expect(formatValue(NaN, "seconds")).toBe("no data");
    expect(formatValue(Infinity, undefined)).toBe("no data");
  });
  it("describes the comparison", () => {
    expect(
      describeComparison({ label: "Error rate", value: 0.5, comparator: ">", threshold: 0.05, unit: "ratio" }),
    ).toBe("Error rate 50 % > 5 %");
    expect(
      describeComparison({ label: "Error rate", value: null, comparator: ">", threshold: null, unit: "ratio" }),
    ).toBe("Error rate no data");
  });
});
