import { describe, expect, it } from "vitest";
import { parsePlan, parsePlanSummary, strategies } from "./index";

const stored = {
  strategy: "deployment-undo",
  target: "k8s/default/shop/deployment/web",
  summary: "Roll back web",
  diff: [{ path: "image app", before: "app:2", after: "app:1" }],
  warnings: [],
  params: { deployment: "web", toRevision: 0 },
  data: {
    generation: 3,
    fromRevision: 2,
    toRevision: 1,
    replicaSet: { name: "web-1", uid: "u1" },
    patch: [
      { op: "replace", path: "/spec/template", value: { spec: { containers: [{ name: "app", image: "app:1" }] } } },
    ],
  },
  plannedAt: "2026-12-01T00:00:00.000Z",
};

describe("strategy registry", () => {
  it("keys every strategy by its own kind", () => {
    for (const [key, s] of Object.entries(strategies)) expect(s.kind).toBe(key);
  });

  it("reads a stored plan back with its strategy's schemas, narrowed by kind", () => {
    const read = parsePlan("deployment-undo", JSON.parse(JSON.stringify(stored)));
    expect(read.kind).toBe("deployment-undo");
    if (read.kind !== "deployment-undo") return;
    expect(read.plan.data.replicaSet.uid).toBe("u1");
    // What verification expects comes from the strategy, not from parsing the diff's text.
    expect(strategies["deployment-undo"].expectedVersion(read.plan)).toEqual({ image: "app:1" });
    expect(strategies["deployment-undo"].captureTargets(read.plan)).toEqual({ deployment: "web" });
  });

  it("refuses an unknown kind and a plan whose data does not fit its strategy, naming the field", () => {
    expect(() => parsePlan("no-such-kind", stored)).toThrow(/unknown rollback strategy "no-such-kind"/);
    const broken = { ...stored, data: { ...stored.data, replicaSet: { name: "web-1" } } };
    expect(() => parsePlan("deployment-undo", broken)).toThrow(/data\.replicaSet\.uid/);
    expect(() => parsePlanSummary({ summary: 1 })).toThrow(/cannot be read/);
  });
});
