import type { ReactNode } from "react";
import type { ManagedByNote } from "@/lib/gitops/managed-by";
import type { PlanView } from "@/lib/rollback/redact";

const show = (v: unknown) => (v === undefined || v === null ? "—" : typeof v === "string" ? v : JSON.stringify(v));

const TOOL = { helm: "Helm", argocd: "Argo CD", flux: "Flux", other: "another tool" } as const;

/**
 * Who else manages what the plan changes, above everything else: after a raw change, Argo CD or
 * Flux may put the bad version back. `action` renders what a note offers (the hold button).
 */
function ManagedBy({ notes, action }: { notes: ManagedByNote[]; action?: (n: ManagedByNote) => ReactNode }) {
  const tools = [...new Set(notes.map((n) => TOOL[n.manager.tool]))].join(", ");
  return (
    <section
      aria-label="Managed by"
      className="space-y-2 rounded-md border-2 border-amber-400 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
    >
      <h3 className="font-semibold">Managed by {tools}: a raw rollback may not stick</h3>
      <ul className="space-y-2">
        {notes.map((n, i) => (
          <li key={i} className="space-y-1">
            <p>{n.warning}</p>
            {action?.(n)}
          </li>
        ))}
      </ul>
    </section>
  );
}

// Exactly what will change, as the server computed it (and dry-ran it, where the API can).
export function PlanPreview({
  plan,
  managedByAction,
  steps,
}: {
  plan: PlanView;
  managedByAction?: (n: ManagedByNote) => ReactNode;
  /** What runs before the change (the GitOps hold steps), right under the managed-by warning. */
  steps?: ReactNode;
}) {
  return (
    <div className="space-y-3" data-testid="plan-preview">
      <p className="text-sm font-medium">{plan.noop ?? plan.summary}</p>
      {plan.managedBy && plan.managedBy.length > 0 && <ManagedBy notes={plan.managedBy} action={managedByAction} />}
      {steps}
      {plan.diff.length > 0 && (
        <table className="w-full text-left text-xs">
          <caption className="sr-only">What will change</caption>
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1">Field</th>
              <th>Now</th>
              <th>After rollback</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {plan.diff.map((d, i) => (
              <tr key={i} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                <td className="py-1 pr-2">{d.path}</td>
                <td className="pr-2 break-all text-red-700 dark:text-red-300">{show(d.before)}</td>
                <td className="break-all text-green-700 dark:text-green-300">{show(d.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan.dryRun && (
        <p
          className={`text-xs ${plan.dryRun.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
        >
          Server-side dry run: {plan.dryRun.ok ? "accepted" : "refused"} — {plan.dryRun.message}
        </p>
      )}
      {plan.warnings.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-amber-700 dark:text-amber-300">
          {plan.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
