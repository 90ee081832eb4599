// The hold step's pure parts: which reconcilers a plan offers to hold, and the refusal when the
// object moved since it was seen (shared by a rollback's hold step and Release).
import { describe, expect, it } from "vitest";
import { refuseIfChanged, specDigest } from "./hold";
import type { ManagedByNote } from "./managed-by";
import { plannedHolds } from "./plan-notes";
import type { ReconcilerObject } from "./reconcilers";

const ref = { kind: "Application", namespace: "argocd", name: "shop" } as const;
const app = (syncPolicy: object, rv = "10"): ReconcilerObject => ({
  metadata: { name: "shop", namespace: "argocd", uid: "u1", resourceVersion: rv },
  spec: { project: "default", source: { repoURL: "https://git.example/shop.git" }, syncPolicy },
});
const note = (over: Partial<ManagedByNote> = {}): ManagedByNote => ({
  object: "StatefulSet db",
  manager: { tool: "argocd", application: "shop", applicationNamespace: null, via: "annotation" },
  holdable: ref,
  holdAllowed: true,
  state: { read: true, kind: "Application", automated: true, selfHeal: true, prune: false },
  warning: "…",
  ...over,
});
const read = (o: ReconcilerObject | null) =>
  new Map([["Application/argocd/shop", { state: note().state!, object: o }]]);

describe("plannedHolds", () => {
  it("offers one hold per reconciler with automated sync on, listing every object it manages", () => {
    const holds = plannedHolds([note(), note({ object: "Service db" })], read(app({ automated: { selfHeal: true } })));
    expect(holds).toHaveLength(1);
    expect(holds[0]).toMatchObject({ ref, objects: ["StatefulSet db", "Service db"], enabled: true, uid: "u1" });
    expect(holds[0].action).toContain(
      'switch off automated sync of Argo CD Application argocd/shop (now automated {"selfHeal":true})',
    );
    // The spec is kept as digests only.
    expect(JSON.stringify(holds[0])).not.toContain("git.example");
  });

  it("offers nothing the service may not hold, nothing unread, and nothing already off", () => {
    expect(plannedHolds([note({ holdAllowed: false })], read(app({ automated: {} })))).toEqual([]);
    expect(plannedHolds([note({ state: { read: false, reason: "403" } })], read(null))).toEqual([]);
    expect(plannedHolds([note()], read(app({ syncOptions: [] })))).toEqual([]);
  });
});

describe("refuseIfChanged", () => {
  const seen = { uid: "u1", resourceVersion: "10", specDigest: specDigest(app({ automated: {} }).spec) };
  it("lets through the object as seen, and a status write (new resourceVersion, same spec)", () => {
    expect(() => refuseIfChanged(ref, app({ automated: {} }), seen, "the plan", "")).not.toThrow();
    expect(() => refuseIfChanged(ref, app({ automated: {} }, "11"), seen, "the plan", "")).not.toThrow();
  });
  it("names the spec fields that changed, and a re-created object", () => {
    expect(() => refuseIfChanged(ref, app({}, "12"), seen, "the plan", "Plan again.")).toThrow(
      "Argo CD Application argocd/shop changed since the plan (spec.syncPolicy edited by someone else); nothing was changed. Plan again.",
    );
    const recreated = { ...app({ automated: {} }), metadata: { name: "shop", uid: "u2", resourceVersion: "3" } };
    expect(() => refuseIfChanged(ref, recreated, seen, "the hold", "Check.")).toThrow(
      "was deleted and re-created since the hold (uid u1 → u2); nothing was changed. Check.",
    );
  });
  it("digests ignore key order", () => {
    expect(specDigest({ a: { x: 1, y: 2 } })).toEqual(specDigest({ a: { y: 2, x: 1 } }));
  });
});
