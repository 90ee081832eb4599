import "server-only";
// Reads for the verification panel. Callers have already checked incident.read.
import { db } from "@/lib/db";
import { eventKinds, type EventKind } from "@/lib/incidents/events";
import { toView, type TimelineEventView } from "@/lib/incidents/timeline";

/** The events of the latest run (from its verify.started on) and the newest event id overall. */
export async function latestRunEvents(
  incidentId: string,
): Promise<{ events: TimelineEventView[]; lastEventId: string }> {
  const [start, last] = await Promise.all([
    db.timelineEvent.findFirst({
      where: { incidentId, kind: "verify.started" satisfies EventKind },
      orderBy: { id: "desc" },
    }),
    db.timelineEvent.findFirst({ where: { incidentId }, orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const lastEventId = (last?.id ?? 0n).toString();
  if (!start) return { events: [], lastEventId };
  const rows = await db.timelineEvent.findMany({
    where: { incidentId, id: { gte: start.id }, kind: { in: eventKinds("verify") } },
    orderBy: { id: "asc" },
    take: 1000,
  });
  return { events: rows.map(toView), lastEventId };
}
