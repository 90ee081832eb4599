import { describe, expect, it } from "vitest";
import { INCIDENT_MARGIN, incidentWindow, onGrid, rangeWindow, signalsQuerySchema } from "./ranges";

describe("signals query", () => {
  it("accepts only the fixed ranges and known signal names", () => {
    expect(signalsQuerySchema.parse({})).toMatchObject({
      range: "15m",
      signals: ["errorRate", "p95Latency", "healthSuccess", "business"],
    });
    expect(signalsQuerySchema.parse({ range: "1h", signals: "errorRate" })).toMatchObject({
      range: "1h",
      signals: ["errorRate"],
    });
    expect(signalsQuerySchema.safeParse({ range: "7d" }).success).toBe(false);
    expect(signalsQuerySchema.parse({ range: "incident", incident: "inc1" })).toMatchObject({
      range: "incident",
      incident: "inc1",
    });
    expect(signalsQuerySchema.safeParse({ signals: "sum(rate(x[5m]))" }).success).toBe(false);
  });
});

describe("grid", () => {
  it("aligns the window to the step", () => {
    const w = rangeWindow("15m", 1_700_000_003_500);
    expect(w.stepSec).toBe(8);
    expect(w.end % 8000).toBe(0);
    expect(w.end - w.start).toBe(900_000);
  });
  it("fills missing and non-finite samples with null (a gap), never zero", () => {
    const g = onGrid(0, 4000, 1, [
      { t: 0, v: 1 },
      { t: 2000, v: NaN },
      { t: 3000, v: 0 },
    ]);
    expect(g).toEqual([
      { t: 0, v: 1 },
      { t: 1000, v: null },
      { t: 2000, v: null },
      { t: 3000, v: 0 },
      { t: 4000, v: null },
    ]);
  });
});

describe("incident range", () => {
  const T = (hms: string) => new Date(`2026-03-04T${hms}Z`);
  const none = { impactStartedAt: null, detectedAt: null, resolvedAt: null };
  const ms = (d: Date) => d.getTime();

  it("a one-minute story fills the chart: from 2 min before impact started to now", () => {
    const w = incidentWindow(
      { ...none, impactStartedAt: T("10:00:00"), detectedAt: T("10:00:35"), declaredAt: T("10:00:40") },
      ms(T("10:01:00")),
    );
    expect(w.anchorLabel).toBe("impact started");
    expect(w.anchor).toBe(ms(T("10:00:00")));
    expect(w.start).toBeLessThanOrEqual(ms(T("09:58:00")));
    expect(w.start).toBeGreaterThan(ms(T("09:55:00"))); // not a sliver at the right edge of 15 min
    expect(w.end).toBeLessThanOrEqual(ms(T("10:01:00")));
    expect(ms(T("10:01:00")) - w.end).toBeLessThan(w.stepSec * 1000);
    expect((w.end - w.start) / 1000 / w.stepSec).toBeLessThanOrEqual(121);
  });

  it("falls back to detected, then declared", () => {
    const now = ms(T("11:00:00"));
    expect(incidentWindow({ ...none, detectedAt: T("10:00:00"), declaredAt: T("10:05:00") }, now).anchorLabel).toBe(
      "detected",
    );
    const d = incidentWindow({ ...none, declaredAt: T("10:05:00") }, now);
    expect(d.anchorLabel).toBe("declared");
    // 55 min span: the margin is 20 % of it (11 min).
    expect(d.start).toBeLessThanOrEqual(ms(T("09:54:00")));
    expect(d.start).toBeGreaterThan(ms(T("09:50:00")));
  });

  it("a resolved incident ends a margin after it resolved, not now", () => {
    const w = incidentWindow(
      { ...none, impactStartedAt: T("10:00:00"), declaredAt: T("10:01:00"), resolvedAt: T("10:20:00") },
      ms(T("15:00:00")),
    );
    // 20 min span: margin 4 min on each side.
    expect(w.start).toBeLessThanOrEqual(ms(T("09:56:00")));
    expect(w.end).toBeGreaterThanOrEqual(ms(T("10:23:00")));
    expect(w.end).toBeLessThanOrEqual(ms(T("10:24:00")));
  });

  it("the margin is at most an hour, the range at most 7 days; the grid is on round steps", () => {
    const now = ms(T("10:00:00")) + 30 * 86_400_000;
    const w = incidentWindow({ ...none, declaredAt: T("10:00:00") }, now);
    expect(w.end - w.start).toBeLessThanOrEqual(7 * 86_400_000 + w.stepSec * 1000);
    expect(w.start % (w.stepSec * 1000)).toBe(0);
    expect(INCIDENT_MARGIN.maxMs).toBe(3_600_000);
    const fresh = incidentWindow({ ...none, declaredAt: T("10:00:00") }, ms(T("10:00:01")));
    expect(fresh.end - fresh.start).toBeGreaterThanOrEqual(5 * 60_000 - fresh.stepSec * 1000);
  });
});
