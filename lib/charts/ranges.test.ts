import { describe, expect, it } from "vitest";
import { onGrid, rangeWindow, signalsQuerySchema } from "./ranges";

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
