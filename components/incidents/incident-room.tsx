"use client";
// The incident page's live state that more than one part shows: the status (the header's badge and
// the status picker must never disagree) and when it was resolved (the header's clock stops there).
// IncidentLiveStream (rendered once, in the header) follows the timeline stream from where its
// server render ended and writes the state into the page's query cache; every reader takes it from
// there, so the parts need no common wrapper. It also refreshes the rollbacks query the rollback
// panel polls on every rollback event, so the header's rollback state is live without a poll.
import { useCallback, useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { IncidentStatus } from "@/lib/generated/prisma/enums";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { useTimelineEvents } from "@/components/verify/use-timeline-events";

export type IncidentLive = { status: IncidentStatus; resolvedAt: string | null };

const liveQueryKey = (incidentId: string) => ["incident-live", incidentId] as const;

/** The rollbacks query the rollback panel polls (components/rollback/rollback-panel.tsx): one cache. */
export const rollbacksQueryKey = (incidentId: string) => ["rollbacks", incidentId];

const never = (): Promise<IncidentLive> => Promise.reject(new Error("incident-live is written by its stream only"));

/** The live status and resolution; `initial` (the caller's server render) until the stream says more. */
export function useIncidentLive(incidentId: string, initial: IncidentLive): IncidentLive {
  const { data } = useQuery({
    queryKey: liveQueryKey(incidentId),
    queryFn: never,
    initialData: initial,
    enabled: false,
    staleTime: Infinity,
  });
  return data;
}

export function IncidentLiveStream({
  incidentId,
  status,
  resolvedAt,
  after,
}: IncidentLive & {
  incidentId: string;
  /** The last timeline event id this server render saw. */
  after: string;
}) {
  const queryClient = useQueryClient();
  // A server render (the first, or one after router.refresh / revalidatePath) is newer than what
  // the cache holds from before it.
  useEffect(() => {
    queryClient.setQueryData<IncidentLive>(liveQueryKey(incidentId), { status, resolvedAt });
  }, [queryClient, incidentId, status, resolvedAt]);
  const onEvent = useCallback(
    (e: TimelineEventView) => {
      if (e.kind === "incident.status") {
        const to = (e.payload as { to?: IncidentStatus } | null)?.to;
        if (to)
          queryClient.setQueryData<IncidentLive>(liveQueryKey(incidentId), {
            status: to,
            resolvedAt: to === "resolved" ? e.createdAt : null,
          });
      } else if (e.kind.startsWith("rollback.")) {
        void queryClient.invalidateQueries({ queryKey: rollbacksQueryKey(incidentId) });
      }
    },
    [incidentId, queryClient],
  );
  // The stream starts where the server render ended; later refreshes must not restart it.
  const [from] = useState(after);
  useTimelineEvents(incidentId, from, onEvent);
  return null;
}
