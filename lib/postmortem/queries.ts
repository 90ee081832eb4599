import "server-only";
// Reads for metrics, the overview and the post-mortem. Callers have already checked incident.read.
import { db } from "@/lib/db";
import { DEPLOY_KINDS, type EventKind } from "@/lib/incidents/events";
import { computeMetrics, type IncidentMetrics, type MetricsInput } from "@/lib/postmortem/metrics";

// The timeline kinds the metrics read: deploys, trigger breaches, passed verifications, and the
// metrics edits (how revenue was arrived at, whether the impact start was entered).
const METRIC_EVENT_KINDS = {
  kind: { in: [...DEPLOY_KINDS, "trigger.fired", "verify.passed", "metrics.updated"] satisfies EventKind[] },
};

type IncidentTimes = Omit<MetricsInput, "events" | "revenueImpact"> & { revenueImpact: { toNumber(): number } | null };

export function metricsInput(i: IncidentTimes, events: MetricsInput["events"]): MetricsInput {
  return {
    declaredAt: i.declaredAt,
    impactStartedAt: i.impactStartedAt,
    detectedAt: i.detectedAt,
    decisionAt: i.decisionAt,
    rollbackStartedAt: i.rollbackStartedAt,
    rollbackCompletedAt: i.rollbackCompletedAt,
    resolvedAt: i.resolvedAt,
    dataLoss: i.dataLoss,
    revenueImpact: i.revenueImpact === null ? null : i.revenueImpact.toNumber(),
    rootCauseCategory: i.rootCauseCategory,
    events,
  };
}

export async function loadIncidentMetrics(
  incidentId: string,
): Promise<{ input: MetricsInput; metrics: IncidentMetrics } | null> {
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (!incident) return null;
  const events = await db.timelineEvent.findMany({
    where: { incidentId, ...METRIC_EVENT_KINDS },
    orderBy: { id: "asc" },
    select: { kind: true, createdAt: true, payload: true },
  });
  const input = metricsInput(incident, events);
  return { input, metrics: computeMetrics(input) };
}

/** Every incident's metrics for the overview (newest first, at most `limit`). */
export async function loadAllMetrics(limit = 500) {
  const incidents = await db.incident.findMany({
    orderBy: { declaredAt: "desc" },
    take: limit,
    include: { service: { select: { name: true } } },
  });
  const events = await db.timelineEvent.findMany({
    where: { incidentId: { in: incidents.map((i) => i.id) }, ...METRIC_EVENT_KINDS },
    orderBy: { id: "asc" },
    select: { incidentId: true, kind: true, createdAt: true, payload: true },
  });
  const byIncident = new Map<string, MetricsInput["events"]>();
  for (const e of events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
  return incidents.map((i) => ({
    id: i.id,
    title: i.title,
    severity: i.severity,
    status: i.status,
    service: i.service?.name ?? null,
    declaredAt: i.declaredAt,
    metrics: computeMetrics(metricsInput(i, byIncident.get(i.id) ?? [])),
  }));
}
