// The one insert into the timeline. Not server-only: it writes with the client it is handed, so
// the sandbox's orchestrator (its own process, its own Prisma client) records through it too. The
// app calls appendEvent (lib/incidents/timeline.ts), which wraps it.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { validatePayload, type EventInput } from "@/lib/incidents/events";

/** A client or a transaction: anything that can write timeline rows. */
export type TimelineWriter = Pick<PrismaClient, "timelineEvent">;

/** The checked columns of one timeline row, for a writer that builds its own statement (recorder.ts). */
export function eventColumns(event: EventInput) {
  const payload = event.payload ?? {};
  validatePayload(event.kind, payload);
  return {
    incidentId: event.incidentId,
    kind: event.kind,
    actor: event.actor,
    actorId: event.actorId ?? null,
    message: event.message,
    payload: JSON.stringify(payload),
  };
}

/**
 * Refuses (EventPayloadError) an unknown kind or a payload that does not fit its kind, then stores
 * the payload as given: a key a writer adds beyond the schema is kept, not silently dropped.
 */
export async function insertEvent(client: TimelineWriter, event: EventInput) {
  const payload = event.payload ?? {};
  validatePayload(event.kind, payload);
  return client.timelineEvent.create({
    data: {
      incidentId: event.incidentId,
      kind: event.kind,
      actor: event.actor,
      actorId: event.actorId ?? null,
      message: event.message,
      payload: payload as Prisma.InputJsonValue,
    },
  });
}
