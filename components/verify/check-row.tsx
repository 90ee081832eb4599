import type { CheckView } from "@/lib/verify/run-state";

const LOOK = {
  pending: { icon: "…", label: "checking", cls: "text-zinc-500" },
  passed: { icon: "✓", label: "passed", cls: "text-green-700 dark:text-green-400" },
  failed: { icon: "✗", label: "failed", cls: "text-red-700 dark:text-red-400" },
  unknown: { icon: "?", label: "unknown", cls: "text-amber-700 dark:text-amber-400" },
  skipped: { icon: "–", label: "skipped", cls: "text-zinc-500" },
} as const;

export function CheckRow({ view }: { view: CheckView }) {
  const look = LOOK[view.status];
  const r = view.result;
  return (
    <li
      className="flex gap-2 rounded border border-zinc-200 px-2 py-1 text-sm dark:border-zinc-800"
      data-check={view.key}
      data-status={view.status}
    >
      <span
        aria-hidden
        className={`w-4 shrink-0 text-center font-bold ${look.cls} ${view.status === "pending" ? "animate-pulse" : ""}`}
      >
        {look.icon}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium break-words">{view.name}</span>
          <span className={`text-xs font-semibold uppercase ${look.cls}`}>{look.label}</span>
          {r && <span className="text-xs text-zinc-500">{r.durationMs} ms</span>}
        </div>
        {r && (r.reason || r.detail) && (
          <p className="text-xs break-words text-zinc-600 dark:text-zinc-400">{r.reason ?? r.detail}</p>
        )}
      </div>
    </li>
  );
}
