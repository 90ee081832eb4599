import "server-only";
// One open incident per service: a detection (watcher rule or Alertmanager alert) either opens it
// or lands on the one already open. A transaction-scoped advisory lock per service serializes the
// watcher and the webhook (and webhook retries), so two detections never open two incidents.
import { db } from "@/lib/db";
import type { Severity } from "@/lib/generated/prisma/enums";
import { findOpenIncident } from "@/lib/incidents/find-open-incident";
import type { EventDraft, EventKind } from "@/lib/incidents/events";
import { appendEvent } from "@/lib/incidents/timeline";

export type IncidentDetection = {
  service: { id: string; name: string };
  title: string;
  severity: Severity;
  source: string;
  /** When the impact started as this detection sees it (the first breach), or null when it cannot say. */
  impactStartedAt: Date | null;
  /** When it was detected: the rule fired, the alert arrived, a person declared. Never the breach. */
  detectedAt: Date;
  actor: string;
  /** A person declaring (manual triggers), or the system user (lib/auth/acting-user.ts). */
  actorId: string;
  /** The detection's own timeline event, written under the same lock. */
  event: EventDraft<"trigger.fired" | "trigger.manual">;
  /** A repeat of an already recorded detection (e.g. Alertmanager re-sending) is not recorded again. */
  dedupeKey?: string;
};

export type IncidentResult = { incidentId: string; created: boolean; duplicate: boolean; proposedBefore: boolean };

export async function recordDetection(d: IncidentDetection): Promise<IncidentResult> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`rcc:trigger-incident:${d.service.id}`}))) l`;
    const times = { id: true, impactStartedAt: true, detectedAt: true, declaredAt: true } as const;
    let incident = await findOpenIncident(d.service.id, times, tx);
    let created = false;
    if (!incident) {
      incident = await tx.incident.create({
        data: {
          title: d.title,
          severity: d.severity,
          serviceId: d.service.id,
          source: d.source,
          impactStartedAt: d.impactStartedAt,
          detectedAt: d.detectedAt,
          declaredById: d.actorId,
        },
        select: times,
      });
      created = true;
      await appendEvent(
        {
          incidentId: incident.id,
          kind: "incident.declared",
          actor: d.actor,
          actorId: d.actorId ?? null,
          message: `Declared ${d.severity}: ${d.title}`,
          payload: {
            severity: d.severity,
            serviceId: d.service.id,
            source: d.source,
            detectedAt: d.detectedAt.toISOString(),
          },
        },
        tx,
      );
    } else {
      if (d.dedupeKey) {
        const seen = await tx.timelineEvent.findFirst({
          where: { incidentId: incident.id, kind: d.event.kind, payload: { path: ["dedupeKey"], equals: d.dedupeKey } },
          select: { id: true },
        });
        if (seen) return { incidentId: incident.id, created, duplicate: true, proposedBefore: true };
      }
      // The earliest instant wins for both. An incident a person declared by hand without a
      // detection time was detected when they declared it, so a later rule firing changes nothing.
      const data: { impactStartedAt?: Date; detectedAt?: Date } = {};
      if (d.impactStartedAt && (!incident.impactStartedAt || incident.impactStartedAt > d.impactStartedAt))
        data.impactStartedAt = d.impactStartedAt;
      if (d.detectedAt < (incident.detectedAt ?? incident.declaredAt)) data.detectedAt = d.detectedAt;
      if (Object.keys(data).length) await tx.incident.update({ where: { id: incident.id }, data });
    }
    await appendEvent({ ...d.event, incidentId: incident.id }, tx);
    const proposedBefore =
      !created &&
      (await tx.timelineEvent.count({
        where: { incidentId: incident.id, kind: "trigger.rollback_proposed" satisfies EventKind },
      })) > 0;
    return { incidentId: incident.id, created, duplicate: false, proposedBefore };
  });
}

/** The service's open incident, if any (resolution and "unknown" never open one). */
export async function openIncidentOf(serviceId: string): Promise<string | null> {
  return (await findOpenIncident(serviceId, { id: true }))?.id ?? null;
}
