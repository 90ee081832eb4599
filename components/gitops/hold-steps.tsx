// The plan's "Hold GitOps sync" steps, each a checkbox (on as offered): what the runner does before
// the rollback, and what unticking it means. The choice goes with the confirmation (skipGitopsHolds).
import type { PlannedHold } from "@/lib/gitops/planned-hold";
import { holdKey, holdTitle } from "@/lib/gitops/planned-hold";

export function HoldSteps({
  holds,
  skipped,
  onToggle,
}: {
  holds: PlannedHold[];
  skipped: ReadonlySet<string>;
  onToggle: (hold: PlannedHold, on: boolean) => void;
}) {
  return (
    <section
      aria-label="Before the rollback"
      className="space-y-2 rounded-md border border-zinc-300 p-3 text-sm dark:border-zinc-700"
    >
      <h3 className="font-semibold">Before the rollback</h3>
      <ul className="space-y-2">
        {holds.map((h) => {
          const on = !skipped.has(holdKey(h.ref));
          return (
            <li key={holdKey(h.ref)} className="space-y-1">
              <label className="flex items-start gap-2 font-medium">
                <input type="checkbox" checked={on} onChange={(e) => onToggle(h, e.target.checked)} className="mt-1" />
                {holdTitle(h.ref)}
              </label>
              <p className="pl-6 text-xs text-zinc-600 dark:text-zinc-400">
                {on
                  ? h.action
                  : `Not holding: ${h.ref.kind} ${h.ref.namespace}/${h.ref.name} may put the bad version back after the rollback.`}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
