import "server-only";
// The append-only incident timeline. Writers only insert (the database refuses anything else);
// the insert trigger orders ids per incident and announces each row with pg_notify.
import { db } from "@/lib/db";
import type { EventInput } from "@/lib/incidents/events";
import { insertEvent, type TimelineWriter } from "@/lib/incidents/insert-event";
import { metrics } from "@/lib/observability/metrics";

/** What the browser receives: ids as strings (they are bigints), times as ISO strings. */
export type TimelineEventView = {
  id: string;
  incidentId: string;
  kind: string;
  actor: string;
  message: string;
  payload: unknown;
  createdAt: string;
};

/**
 * Appends one event, typed and validated by the catalog (lib/incidents/events.ts): an unknown kind
 * or a payload that does not fit its kind is refused (EventPayloadError) before anything is written.
 */
export async function appendEvent(event: EventInput, tx: TimelineWriter = db) {
  const row = await insertEvent(tx, event);
  metrics.timelineEventsWritten.inc({ kind: event.kind });
  return row;
}

export function toView(e: {
  id: bigint;
  incidentId: string;
  kind: string;
  actor: string;
  message: string;
  payload: unknown;
  createdAt: Date;
}): TimelineEventView {
  return {
    id: e.id.toString(),
    incidentId: e.incidentId,
    kind: e.kind,
    actor: e.actor,
    message: e.message,
    payload: e.payload,
    createdAt: e.createdAt.toISOString(),
  };
}

/** Events of one incident after `afterId`, oldest first. */
export async function eventsAfter(incidentId: string, afterId: bigint = 0n, limit = 500): Promise<TimelineEventView[]> {
  const rows = await db.timelineEvent.findMany({
    where: { incidentId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map(toView);
}
