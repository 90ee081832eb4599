import type { PlanView } from "@/lib/rollback/redact";

const show = (v: unknown) => (v === undefined || v === null ? "—" : typeof v === "string" ? v : JSON.stringify(v));

// Exactly what will change, as the server computed it (and dry-ran it, where the API can).
export function PlanPreview({ plan }: { plan: PlanView }) {
  return (
    <div className="space-y-3" data-testid="plan-preview">
      <p className="text-sm font-medium">{plan.noop ?? plan.summary}</p>
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
