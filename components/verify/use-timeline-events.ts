"use client";
// Follows an incident's timeline over the existing SSE endpoint from `after` on, resuming from the
// last event seen after a drop, and hands each event to `onEvent` (the panel filters its kinds).
import { useEffect, useRef } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";

export function useTimelineEvents(incidentId: string, after: string, onEvent: (e: TimelineEventView) => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  useEffect(() => {
    let lastId = after;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource(`/api/incidents/${incidentId}/events?after=${lastId}`);
      source.addEventListener("timeline", (msg) => {
        const ev = JSON.parse((msg as MessageEvent).data) as TimelineEventView;
        if (BigInt(ev.id) <= BigInt(lastId)) return;
        lastId = ev.id;
        handler.current(ev);
      });
      source.onerror = () => {
        source?.close();
        if (!stopped) retry = setTimeout(open, 1000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [incidentId, after]);
}
