import { formatUtc } from "@/lib/format/date";
import { formatDuration, type Duration, type IncidentMetrics, type Instant } from "@/lib/postmortem/metrics";

function InstantValue({ i }: { i: Instant }) {
  if (!i) return <span className="text-zinc-500 italic">unknown</span>;
  return (
    <span>
      <time dateTime={i.at.toISOString()}>{formatUtc(i.at)}</time>{" "}
      <span className="text-xs text-zinc-500">({i.basis})</span>
    </span>
  );
}

function DurationValue({ d }: { d: Duration }) {
  if (!d.known)
    return (
      <span className="text-zinc-500 italic" title={d.reason}>
        unknown <span className="sr-only">({d.reason})</span>
      </span>
    );
  return (
    <span>
      {formatDuration(d)}{" "}
      <span className="text-xs text-zinc-500">
        ({d.from} → {d.to})
      </span>
    </span>
  );
}

export function revenueText(r: IncidentMetrics["revenue"]): string {
  if (!r.known) return "unknown";
  return `${r.amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} (${r.basis}${r.note ? `: ${r.note}` : ""})`;
}

export function MetricsList({ metrics }: { metrics: IncidentMetrics }) {
  const rows: [string, React.ReactNode, string][] = [
    [
      "Impact started",
      <InstantValue key="is" i={metrics.impactStarted} />,
      "The culprit change (the latest deploy before the first breach), else the first breach, or as entered.",
    ],
    [
      "Detected",
      <InstantValue key="dt" i={metrics.detected} />,
      "When the rule fired, the alert arrived or someone declared: not the first breach.",
    ],
    ["Time to detect", <DurationValue key="d" d={metrics.timeToDetect} />, "From the impact's start to detection."],
    [
      "Time to decision",
      <DurationValue key="dc" d={metrics.timeToDecision} />,
      "From detection to the decision to roll back.",
    ],
    [
      "Time to roll back",
      <DurationValue key="r" d={metrics.timeToRollback} />,
      "From the rollback's start to its completion.",
    ],
    [
      "User impact",
      <DurationValue key="u" d={metrics.userImpact} />,
      "From the impact's start until verified healthy (verification passed after the rollback, else its completion, else resolution).",
    ],
    [
      "Data loss",
      metrics.dataLoss ?? <span className="text-zinc-500 italic">not recorded</span>,
      "As recorded by the commander.",
    ],
    [
      "Revenue impact",
      metrics.revenue.known ? revenueText(metrics.revenue) : <span className="text-zinc-500 italic">unknown</span>,
      "Entered, or estimated from the business metric's drop.",
    ],
    ["Root cause", metrics.rootCauseCategory ?? <span className="text-zinc-500 italic">not set</span>, "Category."],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="incident-metrics">
      {rows.map(([label, value, help]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500" title={help}>
            {label}
          </dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
