"use client";
// Keeps the stakeholder view current: on each key event (the same list the view shows) the server
// renders it again, so what it shows is always what the server allows, never a client-side merge.
import { useCallback, useState } from "react";
import { useRouter } from "next/navigation";
import { isKind } from "@/lib/incidents/events";
import { HIGHLIGHT_KINDS } from "@/lib/incidents/highlights";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { useTimelineEvents } from "@/components/verify/use-timeline-events";

export function BriefLiveRefresh({ incidentId, after }: { incidentId: string; after: string }) {
  const router = useRouter();
  const onEvent = useCallback(
    (e: TimelineEventView) => {
      if (isKind(e.kind, ...HIGHLIGHT_KINDS, "rollback.step", "verify.started")) router.refresh();
    },
    [router],
  );
  // The stream starts where the first render ended; the refreshes must not restart it.
  const [from] = useState(after);
  useTimelineEvents(incidentId, from, onEvent);
  return null;
}
