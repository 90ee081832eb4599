import { describe, expect, it } from "vitest";
import {
  aggregate,
  computeMetrics,
  estimateRevenue,
  NO_IMPACT_START,
  formatDuration,
  trend,
  weekOf,
  type MetricsInput,
} from "./metrics";

const T = (hhmm: string) => new Date(`2026-03-04T${hhmm}:00Z`);
const base: MetricsInput = {
  declaredAt: T("10:10"),
  impactStartedAt: null,
  detectedAt: null,
  decisionAt: null,
  rollbackStartedAt: null,
  rollbackCompletedAt: null,
  resolvedAt: null,
  dataLoss: null,
  revenueImpact: null,
  rootCauseCategory: null,
  events: [],
};
const min = (n: number) => n * 60_000;

describe("computeMetrics", () => {
  it("computes every duration from a complete incident", () => {
    const m = computeMetrics({
      ...base,
      detectedAt: T("10:05"),
      decisionAt: T("10:12"),
      rollbackStartedAt: T("10:13"),
      rollbackCompletedAt: T("10:16"),
      resolvedAt: T("11:00"),
      dataLoss: "none",
      revenueImpact: 1234.5,
      rootCauseCategory: "bad deploy",
      events: [{ kind: "deploy.finished", createdAt: T("09:58"), payload: { deployedAt: "2026-03-04T09:55:00Z" } }],
    });
    expect(m.timeToDetect).toEqual({ known: true, ms: min(10), from: "the deploy", to: "detection" });
    expect(m.timeToDecision).toMatchObject({ known: true, ms: min(7) });
    expect(m.timeToRollback).toMatchObject({ known: true, ms: min(3) });
    // rollback completion ends user impact, not the later resolution; it began with the deploy
    expect(m.userImpact).toEqual({ known: true, ms: min(21), from: "the deploy", to: "rollback completion" });
    expect(m.revenue).toEqual({ known: true, amount: 1234.5, basis: "entered", note: undefined });
    expect(m).toMatchObject({ dataLoss: "none", rootCauseCategory: "bad deploy" });
  });

  it("missing timestamps are unknown with a reason, never zero", () => {
    const m = computeMetrics(base);
    expect(m.timeToDetect).toEqual({ known: false, reason: NO_IMPACT_START });
    expect(m.impactStarted).toBeNull();
    expect(m.timeToDecision).toEqual({ known: false, reason: "no decision time recorded" });
    expect(m.timeToRollback).toEqual({ known: false, reason: "no completed rollback recorded" });
    expect(m.userImpact).toEqual({ known: false, reason: NO_IMPACT_START });
    expect(computeMetrics({ ...base, impactStartedAt: T("10:00") }).userImpact).toEqual({
      known: false,
      reason: "not recovered yet (no rollback completion or resolution time)",
    });
    expect(m.revenue).toEqual({ known: false, reason: "not entered" });
    for (const d of [m.timeToDetect, m.timeToDecision, m.timeToRollback, m.userImpact])
      expect(formatDuration(d)).toBe("unknown");
    // started but not completed
    expect(computeMetrics({ ...base, rollbackStartedAt: T("10:20") }).timeToRollback.known).toBe(false);
  });

  it("falls back to the trigger breach and firing, then to the declaration, and says so", () => {
    const fired = { kind: "trigger.fired", createdAt: T("10:03"), payload: { breachSince: "2026-03-04T09:58:00Z" } };
    const m = computeMetrics({
      ...base,
      resolvedAt: T("10:40"),
      events: [{ kind: "note", createdAt: T("09:00"), payload: {} }, fired],
    });
    expect(m.timeToDetect).toEqual({ known: true, ms: min(5), from: "the first breach", to: "the trigger firing" });
    expect(m.userImpact).toEqual({ known: true, ms: min(42), from: "the first breach", to: "resolution" });
    const declared = computeMetrics({
      ...base,
      resolvedAt: T("10:40"),
      events: [{ kind: "deploy.finished", createdAt: T("10:00"), payload: {} }],
    });
    expect(declared.timeToDetect).toEqual({ known: true, ms: min(10), from: "the deploy", to: "the declaration" });
  });

  it("a zero duration is a real zero; an end before its start is unknown, not negative", () => {
    expect(
      computeMetrics({ ...base, rollbackStartedAt: T("10:20"), rollbackCompletedAt: T("10:20") }).timeToRollback,
    ).toMatchObject({ known: true, ms: 0 });
    expect(
      computeMetrics({ ...base, rollbackStartedAt: T("10:20"), rollbackCompletedAt: T("10:19") }).timeToRollback,
    ).toEqual({
      known: false,
      reason: "rollback completion is before rollback start",
    });
  });

  it("marks an estimated revenue figure as estimated", () => {
    const m = computeMetrics({
      ...base,
      revenueImpact: 90,
      events: [
        { kind: "metrics.updated", createdAt: T("12:00"), payload: { revenueBasis: "estimated", revenueNote: "x" } },
      ],
    });
    expect(m.revenue).toEqual({ known: true, amount: 90, basis: "estimated", note: "x" });
  });
});

describe("impact started and detected: two instants (issue 17)", () => {
  const S = (hhmmss: string) => new Date(`2026-03-04T${hhmmss}Z`);
  const deploy = (t: string) => ({
    kind: "deploy.finished",
    createdAt: S("10:05:00"),
    payload: { deployedAt: `2026-03-04T${t}Z` },
  });
  const fired = (createdAt: string, breachSince: string) => ({
    kind: "trigger.fired",
    createdAt: S(createdAt),
    payload: { breachSince: `2026-03-04T${breachSince}Z` },
  });

  it("the sandbox story: a rule that fired 35 s after the deploy detects in 35 s, not in the 4 s to the first breach", () => {
    const m = computeMetrics({
      ...base,
      declaredAt: S("10:00:35"),
      impactStartedAt: S("10:00:04"),
      detectedAt: S("10:00:35"),
      rollbackCompletedAt: S("10:01:30"),
      events: [fired("10:00:35", "10:00:04.000"), deploy("10:00:00.000")],
    });
    expect(m.impactStarted).toEqual({ at: S("10:00:00"), basis: "the deploy" });
    expect(m.timeToDetect).toEqual({ known: true, ms: 35_000, from: "the deploy", to: "detection" });
    expect(formatDuration(m.timeToDetect)).toBe("35 s");
    expect(m.userImpact).toEqual({ known: true, ms: 90_000, from: "the deploy", to: "rollback completion" });
  });

  it("without a change, impact starts at the first breach; the culprit is the latest change before it", () => {
    const noDeploy = computeMetrics({ ...base, impactStartedAt: S("10:00:04"), detectedAt: S("10:00:09") });
    expect(noDeploy.timeToDetect).toEqual({ known: true, ms: 5_000, from: "the first breach", to: "detection" });
    // two deploys before the breach and one after: the latest one before it is the culprit
    const m = computeMetrics({
      ...base,
      impactStartedAt: S("10:03:00"),
      detectedAt: S("10:04:00"),
      events: [deploy("09:00:00.000"), deploy("10:02:00.000"), deploy("10:03:30.000")],
    });
    expect(m.impactStarted).toEqual({ at: S("10:02:00"), basis: "the deploy" });
    // an old row with no stored impact start still finds its breach on the trigger event
    const old = computeMetrics({ ...base, detectedAt: S("10:00:40"), events: [fired("10:00:40", "10:00:10.000")] });
    expect(old.timeToDetect).toEqual({ known: true, ms: 30_000, from: "the first breach", to: "detection" });
  });

  it("an impact start a person entered wins over the derived one", () => {
    const m = computeMetrics({
      ...base,
      impactStartedAt: S("10:01:00"),
      detectedAt: S("10:04:00"),
      events: [
        deploy("10:00:00.000"),
        { kind: "metrics.updated", createdAt: S("11:00:00"), payload: { impactStartedAt: "2026-03-04T10:01:00.000Z" } },
      ],
    });
    expect(m.timeToDetect).toEqual({ known: true, ms: min(3), from: "impact start (entered)", to: "detection" });
  });

  it("user impact ends when verification passed after the rollback, not at an earlier passed check", () => {
    const verified = (t: string) => ({ kind: "verify.passed", createdAt: S(t), payload: {} });
    const m = computeMetrics({
      ...base,
      impactStartedAt: S("10:00:00"),
      detectedAt: S("10:01:00"),
      rollbackCompletedAt: S("10:05:00"),
      resolvedAt: S("11:00:00"),
      events: [verified("10:02:00"), verified("10:06:30"), verified("10:09:00")],
    });
    expect(m.recovered).toEqual({ at: S("10:06:30"), basis: "verified healthy" });
    expect(m.userImpact).toEqual({ known: true, ms: 390_000, from: "the first breach", to: "verified healthy" });
  });
});

describe("estimateRevenue", () => {
  const impact = { known: true as const, ms: min(10), from: "a", to: "b" };
  it("shortfall per second × seconds × value per unit", () => {
    expect(estimateRevenue({ baselinePerSec: 5, duringPerSec: 2, valuePerUnit: 40 }, impact)).toMatchObject({
      known: true,
      amount: 3 * 600 * 40,
      basis: "estimated",
    });
    expect(estimateRevenue({ baselinePerSec: 2, duringPerSec: 5, valuePerUnit: 40 }, impact)).toMatchObject({
      amount: 0,
    });
  });
  it("is unknown without an impact duration or with bad inputs", () => {
    expect(
      estimateRevenue({ baselinePerSec: 5, duringPerSec: 2, valuePerUnit: 40 }, { known: false, reason: "r" }),
    ).toEqual({ known: false, reason: "cannot estimate: user impact is unknown (r)" });
    expect(estimateRevenue({ baselinePerSec: Number.NaN, duringPerSec: 2, valuePerUnit: 40 }, impact).known).toBe(
      false,
    );
  });
});

describe("aggregation", () => {
  it("averages only the known durations and counts the unknown", () => {
    const a = aggregate([
      { known: true, ms: 100, from: "", to: "" },
      { known: false, reason: "x" },
      { known: true, ms: 300, from: "", to: "" },
    ]);
    expect(a).toEqual({ mean: 200, median: 200, known: 2, total: 3 });
    expect(aggregate([{ known: false, reason: "x" }])).toEqual({ mean: null, median: null, known: 0, total: 1 });
  });
  it("groups the trend by ISO week (Monday, UTC)", () => {
    expect(weekOf(new Date("2026-03-04T10:00:00Z"))).toBe("2026-03-02");
    expect(weekOf(new Date("2026-03-08T23:59:00Z"))).toBe("2026-03-02");
    expect(weekOf(new Date("2026-03-09T00:00:00Z"))).toBe("2026-03-09");
    const m = (detectMin: number | null, impactMin: number) =>
      computeMetrics({
        ...base,
        detectedAt: T("10:00"),
        rollbackCompletedAt: new Date(T("10:00").getTime() + min(impactMin)),
        events:
          detectMin === null
            ? []
            : [{ kind: "deploy.finished", createdAt: new Date(T("10:00").getTime() - min(detectMin)), payload: {} }],
      });
    const points = trend([
      { declaredAt: new Date("2026-03-10T00:00:00Z"), metrics: m(4, 20) },
      { declaredAt: new Date("2026-03-04T00:00:00Z"), metrics: m(2, 10) },
      { declaredAt: new Date("2026-03-05T00:00:00Z"), metrics: m(null, 30) },
    ]);
    // MTTR is user impact: from the deploy where there is one (2 + 10), unknown (not averaged) where not
    expect(points).toEqual([
      { week: "2026-03-02", incidents: 2, mttdMin: 2, mttrMin: 12 },
      { week: "2026-03-09", incidents: 1, mttdMin: 4, mttrMin: 24 },
    ]);
  });
  it("formats durations for people", () => {
    const d = (ms: number) => formatDuration({ known: true, ms, from: "", to: "" });
    expect(d(0)).toBe("0 s");
    expect(d(59_400)).toBe("59 s");
    expect(d(min(4) + 5_000)).toBe("4 min 05 s");
    expect(d(min(125))).toBe("2 h 05 min");
    expect(d(min(60 * 50))).toBe("2 d 2 h");
  });
});
