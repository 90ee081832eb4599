// One check's result, shown next to the field it concerns (announced politely when it changes).
import type { FieldCheck } from "./editor-types";

const TONE = {
  ok: "text-green-700 dark:text-green-400",
  warn: "text-amber-700 dark:text-amber-300",
  error: "text-red-700 dark:text-red-400",
} as const;

export function CheckResult({ check, testId }: { check?: FieldCheck; testId: string }) {
  if (!check) return null;
  if (check.state === "running")
    return (
      <p
        data-testid={testId}
        data-state="running"
        role="status"
        className="flex items-center gap-2 text-xs text-zinc-500"
      >
        <span
          aria-hidden="true"
          className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent motion-reduce:animate-none"
        />
        Checking…
      </p>
    );
  return (
    <div data-testid={testId} data-state={check.state} role="status" className={`text-xs ${TONE[check.state]}`}>
      <p className="font-semibold">{check.summary}</p>
      {check.detail && <p className="break-words font-mono">{check.detail}</p>}
    </div>
  );
}
