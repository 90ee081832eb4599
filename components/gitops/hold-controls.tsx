"use client";
// Release one hold; or resolve the incident while keeping its holds (the explicit "keep" decision).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { releaseGitopsHoldAction } from "@/lib/actions/release-gitops-hold";
import { updateIncidentStatusAction } from "@/lib/actions/update-incident-status";
import { Button } from "@/components/ui/button";

function useRun() {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  async function run(fn: () => Promise<{ ok: true } | { ok: false; error: string }>) {
    setState({ busy: true });
    const r = await fn();
    setState({ busy: false, error: r.ok ? undefined : r.error });
    if (r.ok) router.refresh();
  }
  return { state, run };
}

export function ReleaseHoldButton({ holdId, label }: { holdId: string; label: string }) {
  const { state, run } = useRun();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        aria-label={label}
        disabled={state.busy}
        onClick={() => void run(() => releaseGitopsHoldAction({ holdId }))}
      >
        {state.busy ? "Releasing…" : "Release"}
      </Button>
      {state.error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      )}
    </span>
  );
}

export function ResolveKeepingHolds({ incidentId, count }: { incidentId: string; count: number }) {
  const { state, run } = useRun();
  return (
    <div className="space-y-1 border-t border-zinc-200 pt-2 text-sm dark:border-zinc-800">
      <p>
        Resolving with {count === 1 ? "this hold" : "these holds"} active leaves the reconciler off: release first, or
        keep {count === 1 ? "it" : "them"} deliberately (for example until the fix is in git).
      </p>
      <Button
        type="button"
        variant="ghost"
        disabled={state.busy}
        onClick={() => void run(() => updateIncidentStatusAction({ incidentId, status: "resolved", keepHolds: true }))}
      >
        Keep holds and resolve
      </Button>
      {state.error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
    </div>
  );
}
