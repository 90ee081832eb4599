import Link from "next/link";
import { guardPage } from "@/lib/auth/guard-page";
import { formatUtc } from "@/lib/format/date";
import { aggregate, formatDuration, trend, type Aggregate, type Duration } from "@/lib/postmortem/metrics";
import { loadAllMetrics } from "@/lib/postmortem/queries";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { MetricsTrendChart } from "@/components/postmortem/metrics-trend-chart";

export const metadata = { title: "Rollback metrics" };
export const dynamic = "force-dynamic";

const ms = (v: number | null) => (v === null ? "unknown" : formatDuration({ known: true, ms: v, from: "", to: "" }));

function Stat({ label, agg, help }: { label: string; agg: Aggregate; help: string }) {
  return (
    <Card>
      <p className="text-sm text-zinc-500" title={help}>
        {label}
      </p>
      <p className="text-2xl font-bold">{ms(agg.mean)}</p>
      <p className="text-xs text-zinc-500">
        median {ms(agg.median)} · known for {agg.known} of {agg.total}
      </p>
    </Card>
  );
}

const D = ({ d }: { d: Duration }) =>
  d.known ? <>{formatDuration(d)}</> : <span className="text-zinc-500 italic">unknown</span>;

export default async function MetricsPage() {
  await guardPage("incident.read");
  const rows = await loadAllMetrics();
  const all = rows.map((r) => r.metrics);
  const causes = new Map<string, number>();
  for (const m of all)
    causes.set(m.rootCauseCategory ?? "not set", (causes.get(m.rootCauseCategory ?? "not set") ?? 0) + 1);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Rollback metrics</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Across the last {rows.length} incidents. Unknown values (a missing timestamp) are counted but never averaged as
        zero.
      </p>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="MTTD — time to detect"
          agg={aggregate(all.map((m) => m.timeToDetect))}
          help="From the impact's start (the culprit change, else the first breach) to detection (the rule fired, the alert arrived, someone declared)."
        />
        <Stat
          label="Time to decision"
          agg={aggregate(all.map((m) => m.timeToDecision))}
          help="From detection to the decision to roll back."
        />
        <Stat
          label="Time to roll back"
          agg={aggregate(all.map((m) => m.timeToRollback))}
          help="From the rollback's start to its completion."
        />
        <Stat
          label="MTTR — user impact"
          agg={aggregate(all.map((m) => m.userImpact))}
          help="From the impact's start until verified healthy (else the rollback's completion, else resolution)."
        />
      </div>
      <Card title="Trend per week">
        <MetricsTrendChart points={trend(rows.map((r) => ({ declaredAt: r.declaredAt, metrics: r.metrics })))} />
      </Card>
      <Card title="Root causes">
        <ul className="flex flex-wrap gap-2 text-sm">
          {[...causes.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([c, n]) => (
              <li key={c} className="rounded border border-zinc-200 px-2 py-1 dark:border-zinc-800">
                {c}: <strong>{n}</strong>
              </li>
            ))}
        </ul>
      </Card>
      <Card title="Incidents">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="metrics-table">
            <thead className="text-zinc-500">
              <tr>
                <th scope="col" className="py-1 pr-3">
                  Incident
                </th>
                <th scope="col" className="pr-3">
                  Declared
                </th>
                <th scope="col" className="pr-3">
                  Detect
                </th>
                <th scope="col" className="pr-3">
                  Decide
                </th>
                <th scope="col" className="pr-3">
                  Roll back
                </th>
                <th scope="col" className="pr-3">
                  User impact
                </th>
                <th scope="col" className="pr-3">
                  Data loss
                </th>
                <th scope="col" className="pr-3">
                  Revenue
                </th>
                <th scope="col">Root cause</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="py-1 pr-3">
                    <Badge tone={r.severity}>{r.severity}</Badge>{" "}
                    <Link href={`/incidents/${r.id}`} className="underline">
                      {r.title}
                    </Link>
                  </td>
                  <td className="pr-3 whitespace-nowrap">{formatUtc(r.declaredAt, { time: false, zone: false })}</td>
                  <td className="pr-3">
                    <D d={r.metrics.timeToDetect} />
                  </td>
                  <td className="pr-3">
                    <D d={r.metrics.timeToDecision} />
                  </td>
                  <td className="pr-3">
                    <D d={r.metrics.timeToRollback} />
                  </td>
                  <td className="pr-3">
                    <D d={r.metrics.userImpact} />
                  </td>
                  <td className="pr-3">{r.metrics.dataLoss ?? "—"}</td>
                  <td className="pr-3">
                    {r.metrics.revenue.known
                      ? `${r.metrics.revenue.amount.toFixed(2)}${r.metrics.revenue.basis === "estimated" ? " (est.)" : ""}`
                      : "—"}
                  </td>
                  <td>{r.metrics.rootCauseCategory ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
