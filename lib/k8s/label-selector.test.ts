import { describe, expect, it } from "vitest";
import { labelSelectorToString, selectorMatches } from "./label-selector";

describe("labelSelectorToString (apimachinery LabelSelectorAsSelector().String())", () => {
  it("renders matchLabels and every expression operator, sorted by key, values sorted", () => {
    expect(
      labelSelectorToString({
        matchLabels: { tier: "web", app: "shop" },
        matchExpressions: [
          { key: "track", operator: "In", values: ["stable", "canary"] },
          { key: "env", operator: "NotIn", values: ["dev"] },
          { key: "owner", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("app=shop,env notin (dev),!legacy,owner,tier=web,track in (canary,stable)");
  });
  it("an empty selector selects everything", () => {
    expect(labelSelectorToString({})).toBe("");
  });
  it("rejects bad operators and empty In lists like Go does", () => {
    expect(() => labelSelectorToString({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] })).toThrow(
      /not a valid label selector operator/,
    );
    expect(() => labelSelectorToString({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toThrow(
      /non-empty/,
    );
  });
});

describe("selectorMatches", () => {
  const sel = {
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "track", operator: "In", values: ["a", "b"] },
      { key: "x", operator: "DoesNotExist" },
    ],
  };
  it("matches labels and expressions", () => {
    expect(selectorMatches(sel, { app: "web", track: "a" })).toBe(true);
    expect(selectorMatches(sel, { app: "web", track: "c" })).toBe(false);
    expect(selectorMatches(sel, { app: "web", track: "a", x: "1" })).toBe(false);
    expect(selectorMatches(sel, null)).toBe(false);
  });
});
