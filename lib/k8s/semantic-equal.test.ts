import { describe, expect, it } from "vitest";
import { semanticEqual } from "./semantic-equal";

describe("semanticEqual (Semantic.DeepEqual over JSON)", () => {
  it("treats missing, null, [] and {} as equal", () => {
    expect(semanticEqual({ a: 1 }, { a: 1, b: null, c: [], d: {} })).toBe(true);
    expect(semanticEqual({ labels: {} }, {})).toBe(true);
    expect(semanticEqual(undefined, [])).toBe(true);
  });
  it("is strict about values, order of lists, and zero scalars", () => {
    expect(semanticEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(semanticEqual({ a: "1" }, { a: 1 })).toBe(false);
    expect(semanticEqual({ replicas: 0 }, {})).toBe(false);
    expect(semanticEqual({ a: { b: 1 } }, { a: { b: 1 } })).toBe(true);
    expect(semanticEqual({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
  });
});
