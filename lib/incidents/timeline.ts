import "server-only";
// The append-only incident timeline. Writers only insert (the database refuses anything else);
// the insert trigger orders ids per incident and announces each row with pg_notify.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { metrics } from "@/lib/observability/metrics";

type Tx = Pick<typeof db, "timelineEvent">;

export type TimelineEventInput = {
  incidentId: string;
  kind: string;
  actor: string;
  actorId?: string | null;
  message: string;
  payload?: Prisma.InputJsonValue;
};

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

export async function appendEvent(event: TimelineEventInput, tx: Tx = db) {
  const row = await tx.timelineEvent.create({
    data: {
      incidentId: event.incidentId,
      kind: event.kind,
      actor: event.actor,
      actorId: event.actorId ?? null,
      message: event.message,
      payload: event.payload ?? {},
    },
  });
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
