"use client";
// Follows an incident's timeline over the existing SSE endpoint from `after` on, resuming from the
// last event seen after a drop, and hands each event to `onEvent` (the panel filters its kinds).
// An expired session stops it and tells the page (the timeline beside it shows the prompt).
// Every part of a page that follows the same incident shares ONE stream: a browser holds at most
// six connections per host, and each open stream keeps one, so a stream per part (the header, the
// verification panel…) times two tabs left no connection for the page's own requests.
import { useEffect, useRef } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { followEventStream } from "@/lib/http/event-stream";
import type { FetchError } from "@/lib/http/fetch-json";
import { useSessionExpiry } from "@/components/auth/session-expiry";

type Subscriber = { last: bigint; onEvent: (e: TimelineEventView) => void; onGiveUp: (e: FetchError) => void };
type Shared = { subscribers: Set<Subscriber>; lastId: bigint; stop: () => void };

const streams = new Map<string, Shared>();

function start(incidentId: string, shared: Shared) {
  shared.stop = followEventStream({
    url: () => `/api/incidents/${incidentId}/events?after=${shared.lastId}`,
    onMessage: (msg) => {
      if (msg.event !== "timeline") return;
      const ev = JSON.parse(msg.data) as TimelineEventView;
      const id = BigInt(ev.id);
      if (id <= shared.lastId) return;
      shared.lastId = id;
      // Each subscriber gets every event after its own starting point, once.
      for (const s of [...shared.subscribers])
        if (id > s.last) {
          s.last = id;
          s.onEvent(ev);
        }
    },
    onGiveUp: (e) => {
      if (streams.get(incidentId) === shared) streams.delete(incidentId);
      for (const s of [...shared.subscribers]) s.onGiveUp(e);
    },
  });
}

function subscribe(incidentId: string, sub: Subscriber): () => void {
  let shared = streams.get(incidentId);
  if (!shared) {
    shared = { subscribers: new Set(), lastId: sub.last, stop: () => {} };
    streams.set(incidentId, shared);
    start(incidentId, shared);
  } else if (sub.last < shared.lastId) {
    // A part rendered from further back than the stream: reopen it from there (the others skip
    // what they have already seen, by their own last id).
    shared.stop();
    shared.lastId = sub.last;
    start(incidentId, shared);
  }
  shared.subscribers.add(sub);
  const joined = shared;
  return () => {
    joined.subscribers.delete(sub);
    if (joined.subscribers.size === 0) {
      joined.stop();
      if (streams.get(incidentId) === joined) streams.delete(incidentId);
    }
  };
}

export function useTimelineEvents(incidentId: string, after: string, onEvent: (e: TimelineEventView) => void) {
  const handler = useRef(onEvent);
  const { markExpired } = useSessionExpiry();
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  useEffect(
    () =>
      subscribe(incidentId, {
        last: BigInt(after),
        onEvent: (e) => handler.current(e),
        onGiveUp: (e) => {
          if (e.sessionExpired) markExpired();
        },
      }),
    [incidentId, after, markExpired],
  );
}
