// What the browser may ask the signals route for (a fixed list, never PromQL) and what it gets back.
// No server imports: the chart components share these types.
import { z } from "zod";
import { SIGNAL_NAMES, type SignalName } from "@/lib/prometheus/signals";
import type { SignalUnit } from "@/lib/triggers/format";

export const RANGES = { "5m": 300, "15m": 900, "1h": 3_600, "6h": 21_600, "24h": 86_400 } as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
export const DEFAULT_RANGE: RangeKey = "15m";
/** Points per chart: enough for a smooth line, few enough to redraw every few seconds. */
export const POINTS = 120;

export const signalsQuerySchema = z.object({
  range: z
    .enum(RANGE_KEYS as [RangeKey, ...RangeKey[]], { message: `range must be one of ${RANGE_KEYS.join(", ")}` })
    .default(DEFAULT_RANGE),
  signals: z
    .string()
    .max(200)
    .optional()
    .transform((s, ctx) => {
      if (!s) return [...SIGNAL_NAMES];
      const names = s.split(",").map((x) => x.trim());
      const bad = names.filter((n) => !(SIGNAL_NAMES as readonly string[]).includes(n));
      if (bad.length)
        ctx.addIssue({
          code: "custom",
          message: `unknown signal ${bad.join(", ")}; known: ${SIGNAL_NAMES.join(", ")}`,
        });
      return names as SignalName[];
    }),
});

export type ChartPoint = { t: number; v: number | null; b?: number | null };
export type RuleView = { status: string; message: string | null; threshold: number | null; evaluatedAt: string } | null;

export type SignalSeries = {
  name: SignalName;
  label: string;
  unit: SignalUnit;
  points: ChartPoint[];
  threshold: number | null;
  comparator: ">" | "<";
  /** How the threshold is defined, e.g. "2 × baseline" or "> 5 %". */
  thresholdNote: string;
  hasBaseline: boolean;
  baselineNote: string | null;
  enabled: boolean;
  rule: RuleView;
  /** This signal's query failed (or Prometheus did): the line is a gap, never zero. */
  error: string | null;
};

export type Marker = { t: number; kind: "rollback" | "rollback-end" | "deploy" | "flag" | "fired"; label: string };

export type SignalsResponse = {
  ok: true;
  service: { id: string; name: string; triggerPolicy: string };
  range: RangeKey;
  start: number;
  end: number;
  stepSec: number;
  prometheus: "ok" | "unreachable" | "not_configured";
  prometheusError: string | null;
  signals: SignalSeries[];
  markers: Marker[];
};

/** Grid-aligned [start, end] so successive refreshes reuse Prometheus' cache and x positions. */
export function rangeWindow(range: RangeKey, now: number): { start: number; end: number; stepSec: number } {
  const sec = RANGES[range];
  const stepSec = Math.max(1, Math.round(sec / POINTS));
  const stepMs = stepSec * 1000;
  const end = Math.floor(now / stepMs) * stepMs;
  return { start: end - sec * 1000, end, stepSec };
}

/** One point per step; a missing or non-finite sample is null (a gap), never zero. */
export function onGrid(
  start: number,
  end: number,
  stepSec: number,
  points: { t: number; v: number }[],
): { t: number; v: number | null }[] {
  const byT = new Map<number, number>();
  for (const p of points) byT.set(Math.round(p.t), p.v);
  const out: { t: number; v: number | null }[] = [];
  for (let t = start; t <= end; t += stepSec * 1000) {
    const v = byT.get(t);
    out.push({ t, v: v !== undefined && Number.isFinite(v) ? v : null });
  }
  return out;
}
