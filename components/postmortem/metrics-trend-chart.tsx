"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/postmortem/metrics";

// The table under the chart carries the same numbers for screen readers and keyboard users.
export function MetricsTrendChart({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return <p className="text-sm text-zinc-500">No incidents yet.</p>;
  return (
    <figure aria-label="Mean time to detect and to recover per week, in minutes" className="space-y-2">
      <div className="h-64 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="week" tick={{ fontSize: 12, fill: "currentColor" }} />
            <YAxis unit=" min" tick={{ fontSize: 12, fill: "currentColor" }} width={64} />
            <Tooltip
              formatter={(v) => (v == null ? "unknown" : `${v} min`)}
              contentStyle={{ background: "var(--color-zinc-900)", color: "white", border: 0 }}
            />
            <Legend />
            <Line
              type="monotone"
              dataKey="mttdMin"
              name="MTTD (detect)"
              stroke="#f59e0b"
              strokeWidth={2}
              connectNulls
              dot
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="mttrMin"
              name="MTTR (recover)"
              stroke="#3b82f6"
              strokeWidth={2}
              connectNulls
              dot
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer">Chart data as a table</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Incidents</th>
              <th scope="col">MTTD (min)</th>
              <th scope="col">MTTR (min)</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.week}>
                <td>{p.week}</td>
                <td>{p.incidents}</td>
                <td>{p.mttdMin ?? "unknown"}</td>
                <td>{p.mttrMin ?? "unknown"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
