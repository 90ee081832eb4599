"use client";
// The live timeline: server-rendered history, then Server-Sent Events. On a dropped stream it
// reconnects with ?after=<last id seen>, and merges by id, so nothing is missed or shown twice.
// A stream refused for good (expired session, lost access) stops and says why, never retrying.
// Each event is folded into the grouped view as it arrives (lib/incidents/group-timeline), and kept
// in the flat list that "Show all events" shows, every row as recorded.
import { useEffect, useRef, useState } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { followEventStream } from "@/lib/http/event-stream";
import { appendToTimeline, groupTimeline, type GroupedTimeline } from "@/lib/incidents/group-timeline";
import { TimelineEntries } from "@/components/incidents/timeline-entries";
import { SessionExpiredNotice, useSessionExpiry } from "@/components/auth/session-expiry";

type Connection =
  { state: "connecting" | "live" | "reconnecting" } | { state: "expired" } | { state: "stopped"; message: string };

export function LiveTimeline({ incidentId, initial }: { incidentId: string; initial: TimelineEventView[] }) {
  const [timeline, setTimeline] = useState<{ events: TimelineEventView[]; grouped: GroupedTimeline }>(() => ({
    events: initial,
    grouped: groupTimeline(initial),
  }));
  const [connection, setConnection] = useState<Connection>({ state: "connecting" });
  const lastId = useRef(initial.length ? initial[initial.length - 1].id : "0");
  const { markExpired } = useSessionExpiry();

  useEffect(
    () =>
      followEventStream({
        url: () => `/api/incidents/${incidentId}/events?after=${lastId.current}`,
        onOpen: () => setConnection({ state: "live" }),
        onMessage: (msg) => {
          if (msg.event !== "timeline") return;
          const ev = JSON.parse(msg.data) as TimelineEventView;
          if (BigInt(ev.id) <= BigInt(lastId.current)) return;
          lastId.current = ev.id;
          setTimeline((t) => ({ events: [...t.events, ev], grouped: appendToTimeline(t.grouped, ev) }));
        },
        // Our own reconnect, so the resume point is the last event we rendered.
        onDrop: () => setConnection({ state: "reconnecting" }),
        onGiveUp: (e) => {
          if (e.sessionExpired) {
            setConnection({ state: "expired" });
            markExpired();
          } else setConnection({ state: "stopped", message: e.message });
        },
      }),
    [incidentId, markExpired],
  );

  return (
    <div>
      {connection.state === "expired" ? (
        <div className="mb-2" data-testid="timeline-connection" data-state="expired">
          <SessionExpiredNotice what="Live updates stopped." testId="timeline-session-expired" />
        </div>
      ) : connection.state === "stopped" ? (
        <p
          role="alert"
          className="mb-2 text-sm text-red-700 dark:text-red-300"
          data-testid="timeline-connection"
          data-state="stopped"
        >
          Live updates stopped: {connection.message}
        </p>
      ) : (
        <p
          className="mb-2 text-xs text-zinc-500"
          aria-live="polite"
          data-testid="timeline-connection"
          data-state={connection.state}
        >
          {connection.state === "live"
            ? "● Live"
            : connection.state === "connecting"
              ? "Connecting…"
              : "Reconnecting… (events will catch up)"}
        </p>
      )}
      <TimelineEntries events={timeline.events} grouped={timeline.grouped} />
    </div>
  );
}
