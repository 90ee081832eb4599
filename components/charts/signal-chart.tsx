"use client";
// One signal over time. Missing data is a gap with a message over it, never a line at zero; the
// threshold is a dashed red line, rollbacks and deploys are vertical markers from the timeline.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Marker, SignalSeries } from "@/lib/charts/ranges";
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

export function clock(t: number, withSeconds: boolean): string {
  return formatUtc(t, { date: false, seconds: withSeconds, zone: false });
}

export function SignalChart({
  s,
  start,
  end,
  markers,
  unavailable,
}: {
  s: SignalSeries;
  start: number;
  end: number;
  markers: Marker[];
  /** Prometheus as a whole did not answer (as opposed to this one query). */
  unavailable: string | null;
}) {
  const last = [...s.points].reverse().find((p) => p.v !== null);
  const hasData = s.points.some((p) => p.v !== null);
  const seconds = end - start <= 15 * 60_000;
  const fmt = (v: unknown) => formatValue(typeof v === "number" ? v : null, s.unit);
  const gapMessage = unavailable
    ? `Prometheus unreachable — no data (not zero)`
    : s.error
      ? `No data: ${s.error}`
      : "No data in this range (not zero)";
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
      <div className="relative h-44 text-zinc-500 dark:text-zinc-400" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={s.points} margin={{ top: 12, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[start, end]}
              tickFormatter={(t: number) => clock(t, seconds)}
              tick={{ fill: "currentColor", fontSize: 11 }}
              stroke="currentColor"
              minTickGap={24}
            />
            <YAxis
              tickFormatter={(v: number) => fmt(v)}
              tick={{ fill: "currentColor", fontSize: 11 }}
              stroke="currentColor"
              width={72}
              domain={[0, "auto"]}
            />
            <Tooltip
              labelFormatter={(t) => `${clock(Number(t), true)} UTC`}
              formatter={(v, name) => [fmt(v), name === "b" ? "Baseline" : s.label]}
              contentStyle={{ background: "#18181b", border: "none", color: "#fafafa", fontSize: 12 }}
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
            {markers.map((m, i) => (
              <ReferenceLine
                key={`${m.kind}-${m.t}-${i}`}
                x={m.t}
                className={`marker marker-${m.kind}`}
                stroke={MARKER_COLOR[m.kind]}
                strokeWidth={2}
                ifOverflow="extendDomain"
                label={{ value: m.label, position: "insideTopRight", fill: MARKER_COLOR[m.kind], fontSize: 11 }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        {!hasData && (
          <div className="absolute inset-0 flex items-center justify-center bg-[repeating-linear-gradient(45deg,transparent,transparent_8px,rgba(161,161,170,0.12)_8px,rgba(161,161,170,0.12)_16px)]">
            <p className="max-w-[90%] rounded bg-amber-100 px-2 py-1 text-center text-xs font-medium text-amber-900 dark:bg-amber-900/60 dark:text-amber-100">
              {gapMessage}
            </p>
          </div>
        )}
      </div>
      {!hasData && <p className="sr-only">{gapMessage}</p>}
    </figure>
  );
}
