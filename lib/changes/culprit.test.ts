import { describe, expect, it } from "vitest";
import { prefillLabel, prefillSearch, rankChanges, rollbackPrefill, type ChangeLike } from "./culprit";
import { parsePlannerPrefill } from "@/lib/rollback/planner-prefill";

const breach = new Date("2026-12-02T10:00:00Z");
const min = (m: number) => new Date(breach.getTime() + m * 60_000);
let n = 0;
const helm = (revision: number, over: Partial<ChangeLike> = {}, status = "deployed"): ChangeLike =>
  change({
    sourceKind: "HelmRelease",
    workloadKind: "HelmRelease",
    workloadName: "web",
    objectUid: `helm-${revision}`,
    revision: String(revision),
    details: { release: "web", revision, chart: "web-release", chartVersion: `0.${revision}.0`, status },
    ...over,
  });
const change = (over: Partial<ChangeLike>): ChangeLike => ({
  id: String(++n),
  serviceId: "shop",
  sourceKind: "ReplicaSet",
  objectUid: `uid-${n}`,
  workloadKind: "Deployment",
  workloadName: "web",
  revision: String(n),
  occurredAt: min(-10),
  fromDashboard: false,
  ...over,
});

describe("rankChanges", () => {
  it("puts the closest change before the breach first, then the others newest first", () => {
    const old = change({ occurredAt: min(-50) });
    const flag = change({ sourceKind: "FeatureFlag", workloadKind: "FeatureFlag", occurredAt: min(-20) });
    const deploy = change({ occurredAt: min(-2) });
    const r = rankChanges([old, deploy, flag], "shop", breach);
    expect(r.culprit).toBe(deploy);
    expect(r.changes).toEqual([deploy, flag, old]);
  });

  it("leaves out other services, changes after the breach and changes more than an hour before", () => {
    const other = change({ serviceId: "billing", occurredAt: min(-1) });
    const after = change({ occurredAt: min(1) });
    const tooOld = change({ occurredAt: min(-61) });
    const inside = change({ occurredAt: min(-60) });
    expect(rankChanges([other, after, tooOld, inside], "shop", breach)).toEqual({ culprit: inside, changes: [inside] });
  });

  it("never names a rollback of this dashboard as the culprit", () => {
    const bad = change({ occurredAt: min(-30) });
    const rollback = change({ occurredAt: min(-1), fromDashboard: true });
    const r = rankChanges([rollback, bad], "shop", breach);
    expect(r.culprit).toBe(bad);
    expect(r.changes).toEqual([bad, rollback]);
  });

  it("counts a change at the very instant of impact (impact started = the culprit change)", () => {
    const at = change({ occurredAt: breach });
    expect(rankChanges([at], "shop", breach).culprit).toBe(at);
  });

  it("breaks a tie on time by the later recorded change", () => {
    const a = change({ occurredAt: min(-5) });
    const b = change({ occurredAt: min(-5) });
    expect(rankChanges([a, b], "shop", breach).culprit).toBe(b);
  });

  it("weighs a Helm revision like any other change", () => {
    const deploy = change({ occurredAt: min(-20) });
    const upgrade = helm(2, { occurredAt: min(-3) });
    expect(rankChanges([deploy, upgrade], "shop", breach)).toEqual({ culprit: upgrade, changes: [upgrade, deploy] });
    const ourRollback = helm(3, { occurredAt: min(-1), fromDashboard: true });
    expect(rankChanges([deploy, upgrade, ourRollback], "shop", breach).culprit).toBe(upgrade);
  });

  it("has no culprit when nothing changed", () => {
    expect(rankChanges([], "shop", breach)).toEqual({ culprit: null, changes: [] });
  });
});

describe("rollbackPrefill", () => {
  it("goes back to the ReplicaSet in place before the change, at its current revision number", () => {
    const rs1 = change({ objectUid: "rs1", revision: "1", occurredAt: min(-40) });
    const rs2 = change({ objectUid: "rs2", revision: "2", occurredAt: min(-5) });
    expect(rollbackPrefill(rs2, [rs1, rs2])).toEqual({
      strategy: "deployment-undo",
      kind: "Deployment",
      workload: "web",
      toRevision: 1,
    });
    // An undo since re-numbered rs1 to 3: the planner must ask for 3.
    const undo = change({ objectUid: "rs1", revision: "3", occurredAt: min(5) });
    expect(rollbackPrefill(rs2, [rs1, rs2, undo])).toMatchObject({ toRevision: 3 });
  });

  it("asks for kubectl's previous revision when no earlier revision was recorded", () => {
    const only = change({ objectUid: "rs9", revision: "7" });
    expect(rollbackPrefill(only, [only])).toMatchObject({ toRevision: 0 });
  });

  it("offers the flag kill switch for a flag change", () => {
    expect(rollbackPrefill(change({ sourceKind: "ConfigMap", workloadKind: "ConfigMap" }), [])).toEqual({
      strategy: "feature-flag",
    });
  });

  it("rolls a Helm revision back to the one before it, as helm rollback does", () => {
    const h1 = helm(1, { occurredAt: min(-50) }, "superseded");
    const h2 = helm(2, { occurredAt: min(-5) });
    const p = rollbackPrefill(h2, [h1, h2]);
    expect(p).toEqual({ strategy: "helm-rollback", release: "web", toRevision: 1 });
    expect(prefillLabel(p!)).toBe("Helm release web to revision 1");
    // Known from Helm's numbering even when the earlier revision was never recorded.
    expect(rollbackPrefill(h2, [h2])).toMatchObject({ toRevision: 1 });
    // An install has nothing before it to roll back to.
    expect(rollbackPrefill(h1, [h1, h2])).toBeNull();
  });

  it("skips a failed Helm revision in between: back to the last one that came up", () => {
    const h1 = helm(1, { occurredAt: min(-50) }, "superseded");
    const h2 = helm(2, { occurredAt: min(-40) }, "failed");
    const h3 = helm(3, { occurredAt: min(-5) });
    expect(rollbackPrefill(h3, [h1, h2, h3])).toMatchObject({ toRevision: 1 });
    // A release installed again counts from 1: an older life's revisions do not count.
    const old1 = helm(1, { occurredAt: min(10), objectUid: "later" }, "deployed");
    expect(rollbackPrefill(h3, [h1, h2, h3, old1])).toMatchObject({ toRevision: 1 });
  });

  it("round-trips a Helm prefill through the planner's URL parameters", () => {
    const search = prefillSearch({ strategy: "helm-rollback", release: "web", toRevision: 2 });
    expect(search).toBe("plan=helm-rollback&release=web&toRevision=2");
    expect(parsePlannerPrefill(new URLSearchParams(search))).toEqual({
      strategy: "helm-rollback",
      values: { release: "web", toRevision: "2" },
    });
    expect(parsePlannerPrefill(new URLSearchParams("plan=helm-rollback&release=Web_1"))).toBeNull();
  });

  it("round-trips through the planner's URL parameters", () => {
    const search = prefillSearch({ strategy: "deployment-undo", kind: "StatefulSet", workload: "db", toRevision: 4 });
    expect(parsePlannerPrefill(new URLSearchParams(search))).toEqual({
      strategy: "deployment-undo",
      values: { workload: "StatefulSet/db", toRevision: "4" },
    });
  });

  it("refuses malformed pre-fills", () => {
    for (const q of ["plan=rm-rf", "plan=deployment-undo&workload=Pod/x", "plan=deployment-undo&toRevision=-1"])
      expect(parsePlannerPrefill(new URLSearchParams(q))).toBeNull();
  });
});
