"use client";
// Beside the settings: run every check at once and read the summary; each result also shows next
// to the field it concerns.
import { SIGNALS, SIGNAL_NAMES } from "@/lib/prometheus/signals";
import { Button } from "@/components/ui/button";
import { CheckResult } from "./check-result";
import type { Checks, FieldCheck } from "./editor-types";

export function CheckPanel({
  checks,
  otherUrls,
  busy,
  error,
  onRun,
}: {
  checks: Checks;
  otherUrls: { field: string; check: FieldCheck }[];
  busy: boolean;
  error: { message: string; fieldErrors?: Record<string, string[]> } | null;
  onRun: () => void;
}) {
  const ran = checks.cluster !== undefined;
  return (
    <aside
      aria-labelledby="check-panel"
      data-testid="check-panel"
      className="h-fit space-y-3 rounded-lg border border-zinc-200 bg-white p-4 lg:sticky lg:top-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="check-panel" className="font-semibold">
        Check
      </h2>
      <p className="text-xs text-zinc-500">
        Asks the cluster (reachable, and each strategy&apos;s permissions), Prometheus (each signal&apos;s query) and
        each URL, with the settings as they are in this form. Nothing is saved.
      </p>
      <Button type="button" variant="secondary" onClick={onRun} disabled={busy}>
        {busy ? "Checking…" : "Run checks"}
      </Button>
      {error && (
        <div role="alert" className="text-sm text-red-700 dark:text-red-400">
          <p>{error.message}</p>
          {error.fieldErrors && (
            <ul className="list-disc pl-4 text-xs">
              {Object.entries(error.fieldErrors).map(([k, v]) => (
                <li key={k}>
                  {k}: {v.join(" ")}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {ran && (
        <dl className="space-y-2 text-sm">
          <dt className="font-medium">Cluster</dt>
          <dd>
            <CheckResult check={checks.cluster} testId="summary-cluster" />
          </dd>
          {SIGNAL_NAMES.map((s) => (
            <div key={s}>
              <dt className="font-medium">{SIGNALS[s].label}</dt>
              <dd>
                <CheckResult check={checks.promql[s]} testId={`summary-promql-${s}`} />
              </dd>
            </div>
          ))}
          {otherUrls.map((u) => (
            <div key={u.field}>
              <dt className="font-mono text-xs">{u.field}</dt>
              <dd>
                <CheckResult check={u.check} testId={`summary-url-${u.field}`} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </aside>
  );
}
