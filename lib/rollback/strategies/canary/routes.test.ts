import { describe, expect, it } from "vitest";
import { currentCanaryWeight, findWeights, remainingSteps, weightOps } from "@/lib/rollback/strategies/canary/routes";

const vs = {
  hosts: ["web"],
  http: [
    {
      match: [{ uri: { prefix: "/api" } }],
      route: [
        { destination: { host: "web", subset: "stable" }, weight: 80 },
        { destination: { host: "web", subset: "canary" }, weight: 20 },
      ],
    },
    { route: [{ destination: { host: "web", subset: "stable" } }] },
  ],
};
const hr = {
  rules: [
    {
      backendRefs: [
        { name: "web-canary", port: 80, weight: 10 },
        { name: "web-stable", port: 80 },
      ],
    },
  ],
};

describe("canary routes", () => {
  it("finds Istio weights by subset and skips rules without the canary", () => {
    const f = findWeights("istio", vs, "stable", "canary");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 0, stable: { index: 0, weight: 80 }, canary: { index: 1, weight: 20 } });
    expect(currentCanaryWeight(f)).toBe(20);
  });
  it("finds HTTPRoute backendRefs (weight defaults to 1)", () => {
    const f = findWeights("gateway", hr, "web-stable", "web-canary");
    expect(f[0]).toMatchObject({ canary: { index: 0, weight: 10 }, stable: { index: 1, weight: 1 } });
  });
  it("refuses a route without the canary, or a canary rule without stable", () => {
    expect(() => findWeights("gateway", hr, "web-stable", "nope")).toThrow(/no rule/);
    expect(() => findWeights("gateway", hr, "other", "web-canary")).toThrow(/not to the stable backend/);
  });
  it("only steps down", () => {
    expect(remainingSteps(20, [5, 0])).toEqual([5, 0]);
    expect(remainingSteps(5, [5, 0])).toEqual([0]);
    expect(remainingSteps(3, [5])).toEqual([0]);
    expect(remainingSteps(0, [5, 0])).toEqual([]);
  });
  it("patches with identity tests, the resourceVersion and add ops", () => {
    const ops = weightOps("gateway", findWeights("gateway", hr, "web-stable", "web-canary"), 5, "42");
    expect(ops).toEqual([
      { op: "replace", path: "/metadata/resourceVersion", value: "42" },
      { op: "test", path: "/spec/rules/0/backendRefs/0/name", value: "web-canary" },
      { op: "add", path: "/spec/rules/0/backendRefs/0/weight", value: 5 },
      { op: "test", path: "/spec/rules/0/backendRefs/1/name", value: "web-stable" },
      { op: "add", path: "/spec/rules/0/backendRefs/1/weight", value: 95 },
    ]);
  });
});
