"use client";
// One signal over time. Missing data is a gap with a message over it, never a line at zero; the
// threshold is a dashed red line, rollbacks and deploys are vertical markers from the timeline.
// Marker labels sit in a lane above the plot, laid out so none overlaps another (lib/charts/
// marker-layout.ts); when they cannot all fit, numbered badges and a legend below take their place.
import { useEffect, useMemo, useRef, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Marker, SignalSeries } from "@/lib/charts/ranges";
import { layoutMarkerLabels } from "@/lib/charts/marker-layout";
import { formatUtc } from "@/lib/format/date";
import { formatValue } from "@/lib/triggers/format";
import { RuleBadge } from "@/components/charts/rule-badge";

const MARKER_COLOR: Record<Marker["kind"], string> = {
  rollback: "#9333ea",
  "rollback-end": "#16a34a",
  deploy: "#0891b2",
  flag: "#a21caf",
  fired: "#ea580c",
};
const markerColor = (kind: Marker["kind"]) => MARKER_COLOR[kind] ?? "#71717a";

// The chart's geometry, shared by the plot and the label lane so a label sits over its line.
const MARGIN = { top: 12, right: 12, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 72;
const LANE_ROW_PX = 18;
const LANE_MAX_ROWS = 2;
const LABEL_FONT_PX = 11;
/** Padding and border of a lane label (px-1 and a 3 px left border), added to the text's width. */
const LABEL_CHROME_PX = 8 + 3;

/** The element's width (following resizes) and font family, for measuring labels. */
function useBox<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [box, setBox] = useState({ width: 0, font: "sans-serif" });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setBox({ width: el.clientWidth, font: getComputedStyle(el).fontFamily || "sans-serif" });
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, box] as const;
}

let canvas: HTMLCanvasElement | null = null;
function textWidth(text: string, fontFamily: string): number {
  canvas ??= document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  if (!ctx) return text.length * LABEL_FONT_PX * 0.6;
  ctx.font = `${LABEL_FONT_PX}px ${fontFamily}`;
  return Math.ceil(ctx.measureText(text).width);
}

export function clock(t: number, withSeconds: boolean): string {
  return formatUtc(t, { date: false, seconds: withSeconds, zone: false });
}

type TooltipProps = { active?: boolean; label?: unknown; payload?: readonly { name?: unknown; value?: unknown }[] };

/** Hover: the time, the value (and baseline), and any marker within half a step of that point. */
function ChartTooltip({
  active,
  label,
  payload,
  s,
  fmt,
  markers,
  halfStepMs,
}: TooltipProps & { s: SignalSeries; fmt: (v: unknown) => string; markers: Marker[]; halfStepMs: number }) {
  if (!active || label === undefined) return null;
  const t = Number(label);
  const near = markers.filter((m) => Math.abs(m.t - t) <= halfStepMs);
  return (
    <div className="rounded bg-zinc-900 px-2 py-1 text-xs text-zinc-50 shadow" data-testid="chart-tooltip">
      <p>{clock(t, true)} UTC</p>
      {(payload ?? []).map((p) => (
        <p key={String(p.name)}>
          {p.name === "b" ? "Baseline" : s.label}:{" "}
          <strong>{typeof p.value === "number" ? fmt(p.value) : "no data (not zero)"}</strong>
        </p>
      ))}
      {near.map((m, i) => (
        <p key={`${m.t}-${i}`} data-testid="tooltip-marker">
          <span aria-hidden="true" style={{ color: markerColor(m.kind) }}>
            ▍
          </span>
          {m.label} at {clock(m.t, true)} UTC
        </p>
      ))}
    </div>
  );
}

export function SignalChart({
  s,
  start,
  end,
  markers,
  stepSec,
  unavailable,
}: {
  s: SignalSeries;
  start: number;
  end: number;
  markers: Marker[];
  /** The grid's step: hovering a point shows the markers within half a step of it. */
  stepSec: number;
  /** Prometheus as a whole did not answer (as opposed to this one query). */
  unavailable: string | null;
}) {
  const last = [...s.points].reverse().find((p) => p.v !== null);
  const hasData = s.points.some((p) => p.v !== null);
  const fmt = (v: unknown) => formatValue(typeof v === "number" ? v : null, s.unit);
  const gapMessage = unavailable
    ? `Prometheus unreachable — no data (not zero)`
    : s.error
      ? `No data: ${s.error}`
      : "No data in this range (not zero)";
  // A marker just after the grid's last point (or a deploy recorded before the range) widens the
  // axis instead of falling off it; the lane uses the same domain, so labels stay over their lines.
  const sorted = useMemo(() => [...markers].sort((a, b) => a.t - b.t), [markers]);
  const lo = Math.min(start, ...sorted.map((m) => m.t));
  const hi = Math.max(end, ...sorted.map((m) => m.t));
  const seconds = hi - lo <= 15 * 60_000;
  const [laneRef, { width, font }] = useBox<HTMLDivElement>();
  const layout = useMemo(() => {
    if (!width || sorted.length === 0) return null;
    const left = MARGIN.left + Y_AXIS_WIDTH;
    const right = width - MARGIN.right;
    const x = (t: number) => left + ((t - lo) / Math.max(1, hi - lo)) * (right - left);
    return layoutMarkerLabels(
      sorted.map((m) => ({ x: x(m.t), width: textWidth(m.label, font) + LABEL_CHROME_PX })),
      { left, right, maxRows: LANE_MAX_ROWS },
    );
  }, [width, font, sorted, lo, hi]);

  return (
    <figure
      data-testid={`chart-${s.name}`}
      className="space-y-1 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium">{s.label}</span>
        <RuleBadge rule={s.rule} enabled={s.enabled} />
      </figcaption>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Now <strong className="text-zinc-900 dark:text-zinc-100">{last ? fmt(last.v) : "no data"}</strong>
        {" · "}threshold {s.thresholdNote}
        {s.threshold !== null && <> ({fmt(s.threshold)})</>}
        {s.baselineNote && <> · baseline: {s.baselineNote}</>}
      </p>
      <div
        ref={laneRef}
        aria-hidden="true"
        data-testid="marker-lane"
        data-layout={layout?.mode}
        className="relative text-zinc-700 dark:text-zinc-200"
        style={{ height: (layout?.rows ?? 0) * LANE_ROW_PX, fontSize: LABEL_FONT_PX }}
      >
        {layout &&
          sorted.map((m, i) => {
            const p = layout.placed[i];
            const badge = layout.mode === "badges";
            return (
              <span
                key={`${m.kind}-${m.t}-${i}`}
                data-testid="marker-label"
                title={`${m.label} at ${clock(m.t, true)} UTC`}
                className={`absolute box-border overflow-hidden whitespace-nowrap bg-white dark:bg-zinc-900 ${
                  badge ? "rounded-full border-2 text-center font-semibold" : "rounded-sm border-l-[3px] px-1"
                }`}
                style={{
                  left: p.left,
                  top: p.row * LANE_ROW_PX,
                  width: p.width,
                  // Fixed, borders included: a box never reaches into the next row.
                  height: LANE_ROW_PX - 2,
                  lineHeight: `${LANE_ROW_PX - 6}px`,
                  borderColor: markerColor(m.kind),
                }}
              >
                {badge ? i + 1 : m.label}
              </span>
            );
          })}
      </div>
      <div className="relative h-44 text-zinc-500 dark:text-zinc-400" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={s.points} margin={MARGIN}>
            <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[lo, hi]}
              tickFormatter={(t: number) => clock(t, seconds)}
              tick={{ fill: "currentColor", fontSize: 11 }}
              stroke="currentColor"
              minTickGap={24}
            />
            <YAxis
              tickFormatter={(v: number) => fmt(v)}
              tick={{ fill: "currentColor", fontSize: 11 }}
              stroke="currentColor"
              width={Y_AXIS_WIDTH}
              domain={[0, "auto"]}
            />
            <Tooltip
              filterNull={false}
              content={(p: TooltipProps) => (
                <ChartTooltip {...p} s={s} fmt={fmt} markers={sorted} halfStepMs={(stepSec * 1000) / 2} />
              )}
            />
            <Line
              dataKey="v"
              name="v"
              stroke="#3b82f6"
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
            {s.hasBaseline && (
              <Line
                dataKey="b"
                name="b"
                stroke="#a1a1aa"
                strokeDasharray="4 3"
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            )}
            {s.threshold !== null && (
              <ReferenceLine
                y={s.threshold}
                className="threshold-line"
                stroke="#dc2626"
                strokeDasharray="6 4"
                ifOverflow="extendDomain"
                label={{
                  value: `Threshold ${fmt(s.threshold)}`,
                  position: "insideTopLeft",
                  fill: "#dc2626",
                  fontSize: 11,
                }}
              />
            )}
            {sorted.map((m, i) => (
              <ReferenceLine
                key={`${m.kind}-${m.t}-${i}`}
                x={m.t}
                className={`marker marker-${m.kind}`}
                stroke={markerColor(m.kind)}
                strokeWidth={2}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        {!hasData && (
          <div className="pointer-events-none absolute inset-0 flex items-center justify-center bg-[repeating-linear-gradient(45deg,transparent,transparent_8px,rgba(161,161,170,0.12)_8px,rgba(161,161,170,0.12)_16px)]">
            <p className="max-w-[90%] rounded bg-amber-100 px-2 py-1 text-center text-xs font-medium text-amber-900 dark:bg-amber-900/60 dark:text-amber-100">
              {gapMessage}
            </p>
          </div>
        )}
      </div>
      {layout?.mode === "badges" && (
        <ol
          aria-hidden="true"
          data-testid="marker-legend"
          className="flex flex-wrap gap-x-3 text-xs text-zinc-600 dark:text-zinc-400"
        >
          {sorted.map((m, i) => (
            <li key={`${m.kind}-${m.t}-${i}`}>
              <strong style={{ color: markerColor(m.kind) }}>{i + 1}</strong> {m.label} {clock(m.t, true)}
            </li>
          ))}
        </ol>
      )}
      {!hasData && <p className="sr-only">{gapMessage}</p>}
    </figure>
  );
}
