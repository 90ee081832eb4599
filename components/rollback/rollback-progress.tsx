import type { RollbackView } from "@/lib/rollback/queries";
import type { Progress } from "@/lib/rollback/strategy";

function latestProgress(r: RollbackView): Progress | null {
  for (const s of [...r.steps].reverse()) {
    const p = (s.detail as { progress?: Progress | null } | null)?.progress;
    if (p) return p;
  }
  return null;
}

/** Percent done: replicas both updated and available, of those desired; 100 once succeeded. */
export function percentDone(r: RollbackView): number {
  if (r.state === "succeeded") return 100;
  const p = latestProgress(r);
  if (!p || p.desired <= 0) return 0;
  return Math.round((100 * Math.min(p.updated, p.available)) / p.desired);
}

const STEP_ICON: Record<string, string> = { running: "…", succeeded: "✓", failed: "✗", skipped: "–", pending: "·" };

export function RollbackProgress({ rollback }: { rollback: RollbackView }) {
  const pct = percentDone(rollback);
  const p = latestProgress(rollback);
  return (
    <div className="space-y-2">
      <div
        role="progressbar"
        aria-label={`Rollback of ${rollback.target}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-testid="rollback-progress"
        className="h-3 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={`h-full transition-all ${rollback.state === "failed" ? "bg-red-600" : rollback.state === "succeeded" ? "bg-green-600" : "bg-blue-600"}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {pct}%{p ? ` — ${p.updated} updated, ${p.ready} ready, ${p.available}/${p.desired} available` : ""}
      </p>
      <ol className="space-y-1 text-xs">
        {rollback.steps.map((s) => (
          <li key={s.name} className={s.state === "failed" ? "text-red-700 dark:text-red-300" : ""}>
            <span aria-hidden>{STEP_ICON[s.state] ?? "·"}</span> {s.name}: {s.state}
            {s.error ? ` — ${s.error}` : ""}
          </li>
        ))}
      </ol>
    </div>
  );
}
