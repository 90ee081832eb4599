import type { RuleView } from "@/lib/charts/ranges";

const TONE: Record<string, string> = {
  ok: "bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-200",
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100",
  firing: "bg-red-600 text-white",
  unknown: "bg-zinc-300 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-100",
};

/** The trigger rule's last evaluated state, as text (never colour alone). */
export function RuleBadge({ rule, enabled }: { rule: RuleView; enabled: boolean }) {
  if (!enabled) return <span className="text-xs text-zinc-500">rule off</span>;
  if (!rule) return <span className="text-xs text-zinc-500">rule not evaluated yet</span>;
  const label = rule.status === "unknown" ? "rule unknown" : `rule ${rule.status}`;
  return (
    <span
      title={rule.message ?? undefined}
      className={`rounded px-2 py-0.5 text-xs font-semibold ${TONE[rule.status] ?? TONE.unknown}`}
    >
      {label}
    </span>
  );
}
