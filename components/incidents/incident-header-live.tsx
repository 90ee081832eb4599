"use client";
// The header's live parts: the status badge (the same live status the picker follows), the
// rollback state in words (the rollback panel's query, refreshed on each rollback event), and
// the main action, which opens the planner.
import { useQuery } from "@tanstack/react-query";
import type { IncidentStatus } from "@/lib/generated/prisma/enums";
import type { RollbackView } from "@/lib/rollback/queries";
import { fetchJson } from "@/lib/http/fetch-json";
import { Badge } from "@/components/ui/badge";
import { rollbacksQueryKey, useIncidentLive } from "@/components/incidents/incident-room";
import { describeRollback } from "@/lib/rollback/state-in-words";
import { openPlanner } from "@/components/incidents/incident-actions";

export function LiveStatusBadge(props: { incidentId: string; status: IncidentStatus; resolvedAt: string | null }) {
  const shown = useIncidentLive(props.incidentId, props).status;
  return (
    <span data-testid="incident-status" data-status={shown}>
      <Badge tone={shown}>{shown}</Badge>
    </span>
  );
}

const TONE: Record<string, string> = {
  none: "text-zinc-600 dark:text-zinc-400",
  succeeded: "text-green-700 dark:text-green-400",
  failed: "text-red-700 dark:text-red-300",
  running: "text-blue-700 dark:text-blue-300",
  awaiting_approval: "text-orange-700 dark:text-orange-300",
};

export function RollbackStateText({ incidentId, initial }: { incidentId: string; initial: RollbackView[] }) {
  const { data = initial } = useQuery({
    queryKey: rollbacksQueryKey(incidentId),
    queryFn: ({ signal }) => fetchJson<RollbackView[]>(`/api/incidents/${incidentId}/rollbacks`, { signal }),
    initialData: initial,
  });
  const summary = describeRollback(data);
  return (
    <span
      data-testid="rollback-state"
      data-state={summary.state}
      aria-live="polite"
      className={`font-medium ${TONE[summary.state] ?? ""}`}
    >
      {summary.text}
    </span>
  );
}

export function PlanRollbackButton() {
  return (
    <a
      href="#rollback-heading"
      onClick={(e) => {
        e.preventDefault();
        void openPlanner();
      }}
      aria-keyshortcuts="p"
      className="inline-flex items-center gap-2 rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500"
    >
      Plan a rollback
      <kbd className="rounded border border-white/40 px-1 font-mono text-xs" aria-hidden="true">
        P
      </kbd>
    </a>
  );
}
