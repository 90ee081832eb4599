"use client";
// Follows an incident's timeline over the existing SSE endpoint from `after` on, resuming from the
// last event seen after a drop, and hands each event to `onEvent` (the panel filters its kinds).
// An expired session stops it and tells the page (the timeline beside it shows the prompt).
import { useEffect, useRef } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { followEventStream } from "@/lib/http/event-stream";
import { useSessionExpiry } from "@/components/auth/session-expiry";

export function useTimelineEvents(incidentId: string, after: string, onEvent: (e: TimelineEventView) => void) {
  const handler = useRef(onEvent);
  const { markExpired } = useSessionExpiry();
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  useEffect(() => {
    let lastId = after;
    return followEventStream({
      url: () => `/api/incidents/${incidentId}/events?after=${lastId}`,
      onMessage: (msg) => {
        if (msg.event !== "timeline") return;
        const ev = JSON.parse(msg.data) as TimelineEventView;
        if (BigInt(ev.id) <= BigInt(lastId)) return;
        lastId = ev.id;
        handler.current(ev);
      },
      onGiveUp: (e) => {
        if (e.sessionExpired) markExpired();
      },
    });
  }, [incidentId, after, markExpired]);
}
