"use client";
// The live timeline: server-rendered history, then Server-Sent Events. On a dropped stream it
// reconnects with ?after=<last id seen>, and merges by id, so nothing is missed or shown twice.
import { useEffect, useRef, useState } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { TimelineItem } from "@/components/incidents/timeline-item";

type Connection = "connecting" | "live" | "reconnecting";

export function LiveTimeline({ incidentId, initial }: { incidentId: string; initial: TimelineEventView[] }) {
  const [events, setEvents] = useState(initial);
  const [connection, setConnection] = useState<Connection>("connecting");
  const lastId = useRef(initial.length ? initial[initial.length - 1].id : "0");

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource(`/api/incidents/${incidentId}/events?after=${lastId.current}`);
      source.onopen = () => setConnection("live");
      source.addEventListener("timeline", (msg) => {
        const ev = JSON.parse((msg as MessageEvent).data) as TimelineEventView;
        if (BigInt(ev.id) <= BigInt(lastId.current)) return;
        lastId.current = ev.id;
        setEvents((prev) => [...prev, ev]);
      });
      source.onerror = () => {
        // Our own reconnect, so the resume point is the last event we rendered.
        source?.close();
        if (stopped) return;
        setConnection("reconnecting");
        retry = setTimeout(open, 1000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [incidentId]);

  return (
    <div>
      <p className="mb-2 text-xs text-zinc-500" aria-live="polite" data-testid="timeline-connection">
        {connection === "live" ? "● Live" : connection === "connecting" ? "Connecting…" : "Reconnecting… (events will catch up)"}
      </p>
      <ol className="space-y-2" aria-label="Incident timeline" data-testid="timeline">
        {events.map((e) => (
          <TimelineItem key={e.id} event={e} />
        ))}
      </ol>
    </div>
  );
}
