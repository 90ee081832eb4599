"use client";
// The commander's rollback area on the incident page: the active rollback's live progress, its
// approval and cancel, the history, and the planner. Polls quickly only while something runs.
import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { RollbackView } from "@/lib/rollback/queries";
import { fetchJson, isSessionExpired } from "@/lib/http/fetch-json";
import { approveRollbackAction } from "@/lib/actions/approve-rollback";
import { cancelRollbackAction } from "@/lib/actions/cancel-rollback";
import { parsePlannerPrefill, type PlannerPrefill } from "@/lib/rollback/planner-prefill";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SessionExpiredNotice, useSessionExpiry } from "@/components/auth/session-expiry";
import { RollbackPlanner, type PlannerService } from "./rollback-planner";
import { RollbackProgress } from "./rollback-progress";

const ACTIVE = ["running", "awaiting_approval"];
const TONE: Record<string, string> = {
  succeeded: "resolved",
  failed: "investigating",
  running: "monitoring",
  awaiting_approval: "identified",
};

export function RollbackPanel(props: {
  incidentId: string;
  service: PlannerService | null;
  userId: string;
  canRollback: boolean;
  /** Set when the service's owning team is not the user's: the controls are hidden and this says why. */
  ownedBy?: string | null;
  initial: RollbackView[];
}) {
  const queryClient = useQueryClient();
  const [planner, setPlanner] = useState<string | null>(null);
  const [prefill, setPrefill] = useState<PlannerPrefill | null>(null);
  // "Roll back this change" (components/changes/what-changed.tsx) links here with the plan in the URL.
  const search = useSearchParams();
  const searchText = search.toString();
  const canPlan = props.canRollback && props.service !== null;
  // A new URL opens the planner once (state adjusted while rendering, as React advises over an effect).
  const [seenSearch, setSeenSearch] = useState<string | null>(null);
  if (canPlan && searchText !== seenSearch) {
    setSeenSearch(searchText);
    const p = parsePlannerPrefill(new URLSearchParams(searchText));
    if (p) {
      setPrefill(p);
      setPlanner(p.strategy);
    }
  }
  const [error, setError] = useState<string | null>(null);
  const queryKey = ["rollbacks", props.incidentId];
  const { expired } = useSessionExpiry();
  const {
    data: rollbacks = props.initial,
    error: refreshError,
    dataUpdatedAt,
  } = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchJson<RollbackView[]>(`/api/incidents/${props.incidentId}/rollbacks`, { signal }),
    initialData: props.initial,
    refetchInterval: (q) =>
      expired ? false : (q.state.data ?? []).some((r) => ACTIVE.includes(r.state)) ? 1000 : 5000,
  });
  const shown = rollbacks.filter((r) => r.state !== "planned");
  const active = shown.find((r) => ACTIVE.includes(r.state));
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  async function act(fn: () => Promise<{ ok: boolean; error?: string }>) {
    setError(null);
    const r = await fn();
    if (!r.ok) setError(r.error ?? "Failed");
    await refresh();
  }

  return (
    <section
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      aria-labelledby="rollback-heading"
    >
      <header className="flex items-center justify-between gap-2">
        <h2 id="rollback-heading" className="text-base font-semibold">
          Rollback{props.service ? ` — ${props.service.name}` : ""}
        </h2>
        {props.canRollback && props.service && !planner && (
          <Button variant="danger" onClick={() => setPlanner("deployment-undo")} disabled={Boolean(active)}>
            Roll back
          </Button>
        )}
      </header>
      {props.service && props.ownedBy && (
        <p className="text-sm text-zinc-500" data-testid="rollback-owned-by">
          {props.service.name} is owned by team <strong>{props.ownedBy}</strong>: only its members (or an admin) may
          roll it back.
        </p>
      )}
      {!props.service && (
        <p className="text-sm text-zinc-500">This incident has no service, so there is nothing to roll back.</p>
      )}
      {isSessionExpired(refreshError) ? (
        <SessionExpiredNotice what="Rollback progress stopped updating." testId="rollback-session-expired" />
      ) : (
        refreshError && (
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          >
            Rollback progress could not be refreshed: {refreshError.message} Showing the state from{" "}
            {new Date(dataUpdatedAt).toISOString().slice(11, 19)} UTC; retrying.
          </p>
        )
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {planner && props.service && (
        <RollbackPlanner
          incidentId={props.incidentId}
          service={props.service}
          key={prefill ? JSON.stringify(prefill) : "planner"}
          initialStrategy={planner}
          prefill={prefill?.strategy === planner ? prefill.values : undefined}
          onClose={() => (setPlanner(null), setPrefill(null))}
          onStarted={() => (setPlanner(null), setPrefill(null), void refresh())}
        />
      )}
      {shown.map((r) => (
        <article
          key={r.id}
          className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          data-testid="rollback-action"
          data-state={r.state}
        >
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={TONE[r.state] ?? "neutral"}>{r.state.replace("_", " ")}</Badge>
            <span className="font-mono text-xs">{r.target}</span>
            <span className="text-xs text-zinc-500">
              {r.strategy} by {r.requestedBy}
            </span>
          </div>
          <p className="text-sm">{r.plan?.summary}</p>
          {r.state !== "awaiting_approval" && <RollbackProgress rollback={r} />}
          {r.error && <p className="text-sm text-red-700 dark:text-red-300">{r.error}</p>}
          {props.canRollback && (
            <div className="flex flex-wrap gap-2">
              {r.state === "awaiting_approval" && r.requestedById !== props.userId && (
                <Button onClick={() => act(() => approveRollbackAction({ actionId: r.id }))}>Approve rollback</Button>
              )}
              {r.state === "awaiting_approval" && r.requestedById === props.userId && (
                <span className="text-sm text-zinc-500">Waiting for a second commander to approve.</span>
              )}
              {ACTIVE.includes(r.state) && (
                <Button variant="secondary" onClick={() => act(() => cancelRollbackAction({ actionId: r.id }))}>
                  Cancel
                </Button>
              )}
              {r.state === "failed" && r === shown[0] && (
                <>
                  <Button variant="secondary" onClick={() => setPlanner(r.strategy)}>
                    Retry
                  </Button>
                  <Button variant="danger" onClick={() => setPlanner("dr-failover")}>
                    Escalate: disaster recovery
                  </Button>
                </>
              )}
            </div>
          )}
        </article>
      ))}
    </section>
  );
}
