// What the browser may ask the signals route for (a fixed list, never PromQL) and what it gets back.
// No server imports: the chart components share these types.
import { z } from "zod";
import { SIGNAL_NAMES, type SignalName } from "@/lib/prometheus/signals";
import type { SignalUnit } from "@/lib/triggers/format";

export const RANGES = { "5m": 300, "15m": 900, "1h": 3_600, "6h": 21_600, "24h": 86_400 } as const;
export type FixedRangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as FixedRangeKey[];
/** The incident's own span (see incidentWindow): the default on an incident's page. */
export const INCIDENT_RANGE = "incident";
export type RangeKey = FixedRangeKey | typeof INCIDENT_RANGE;
const ALL_RANGE_KEYS: RangeKey[] = [INCIDENT_RANGE, ...RANGE_KEYS];
export const DEFAULT_RANGE: FixedRangeKey = "15m";
/** Points per chart: enough for a smooth line, few enough to redraw every few seconds. */
export const POINTS = 120;

export const signalsQuerySchema = z.object({
  range: z
    .enum(ALL_RANGE_KEYS as [RangeKey, ...RangeKey[]], { message: `range must be one of ${ALL_RANGE_KEYS.join(", ")}` })
    .default(DEFAULT_RANGE),
  /** The incident whose span `range=incident` follows (it must be one of the service's). */
  incident: z.string().min(1).max(64).optional(),
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

/** What an incident range was drawn from, so the picker can say it. */
export type IncidentSpan = {
  /** The instant the range follows, and which one it is. */
  from: number;
  fromLabel: IncidentAnchor;
  /** Resolved at, or null while the incident is open (the range runs to now). */
  to: number | null;
};

export type SignalsResponse = {
  ok: true;
  service: { id: string; name: string; triggerPolicy: string };
  range: RangeKey;
  /** Set for range=incident. */
  incident: IncidentSpan | null;
  start: number;
  end: number;
  stepSec: number;
  prometheus: "ok" | "unreachable" | "not_configured";
  prometheusError: string | null;
  signals: SignalSeries[];
  markers: Marker[];
};

export type ChartWindow = { start: number; end: number; stepSec: number };

/** Grid-aligned [start, end] so successive refreshes reuse Prometheus' cache and x positions. */
export function rangeWindow(range: FixedRangeKey, now: number): ChartWindow {
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

export type IncidentTimes = {
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  declaredAt: Date;
  resolvedAt: Date | null;
};
export type IncidentAnchor = "impact started" | "detected" | "declared";

/** Room before the incident's first instant (the healthy stretch) and after it resolved. */
export const INCIDENT_MARGIN = { minMs: 2 * 60_000, ratio: 0.2, maxMs: 60 * 60_000 } as const;
/** The shortest and the longest an incident range may be (7 days: Prometheus' usual retention is 15). */
const INCIDENT_MIN_MS = 5 * 60_000;
const INCIDENT_MAX_MS = 7 * 86_400_000;
const NICE_STEPS_SEC = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600];

/** The instant an incident started, as far as it is known: impact started, else detected, else declared. */
export function incidentAnchor(i: IncidentTimes): { at: number; label: IncidentAnchor } {
  if (i.impactStartedAt) return { at: i.impactStartedAt.getTime(), label: "impact started" };
  if (i.detectedAt) return { at: i.detectedAt.getTime(), label: "detected" };
  return { at: i.declaredAt.getTime(), label: "declared" };
}

/**
 * The range that tells the incident's story: from a margin before its first instant (the larger of
 * 2 min and 20 % of the span, at most 1 h) to now, or to a margin after it resolved. The step is a
 * round number of seconds so refreshes hit the same grid while the span grows.
 */
export function incidentWindow(
  i: IncidentTimes,
  now: number,
): ChartWindow & { anchor: number; anchorLabel: IncidentAnchor } {
  const { at, label } = incidentAnchor(i);
  const resolved = i.resolvedAt?.getTime() ?? null;
  const last = Math.min(now, resolved ?? now);
  const span = Math.max(0, last - at);
  const margin = Math.min(INCIDENT_MARGIN.maxMs, Math.max(INCIDENT_MARGIN.minMs, span * INCIDENT_MARGIN.ratio));
  const rawEnd = resolved === null ? now : Math.min(now, resolved + margin);
  let rawStart = Math.min(at, rawEnd) - margin;
  rawStart = Math.max(rawEnd - INCIDENT_MAX_MS, Math.min(rawStart, rawEnd - INCIDENT_MIN_MS));
  const wanted = (rawEnd - rawStart) / 1000 / POINTS;
  const stepSec = NICE_STEPS_SEC.find((s) => s >= wanted) ?? NICE_STEPS_SEC.at(-1)!;
  const stepMs = stepSec * 1000;
  return {
    start: Math.floor(rawStart / stepMs) * stepMs,
    end: Math.floor(rawEnd / stepMs) * stepMs,
    stepSec,
    anchor: at,
    anchorLabel: label,
  };
}
