import "server-only";
// Loads what the notice variables are computed from: the incident, its rollback actions and the
// last customer update. Callers have already checked the reader may see the incident.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { NoticeContext } from "@/lib/comms/variables";

export function publicBaseUrl(): string {
  return (env().RCC_PUBLIC_URL ?? "").replace(/\/+$/, "");
}

export async function lastCustomerUpdateAt(incidentId: string): Promise<Date | null> {
  const last = await db.noticeVersion.findFirst({
    where: { notice: { incidentId, kind: "customer" } },
    orderBy: { publishedAt: "desc" },
    select: { publishedAt: true },
  });
  return last?.publishedAt ?? null;
}

export async function loadNoticeContext(incidentId: string): Promise<NoticeContext | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    include: {
      service: { select: { name: true } },
      rollbacks: {
        orderBy: { createdAt: "asc" },
        select: {
          strategy: true,
          target: true,
          state: true,
          requestedBy: true,
          error: true,
          startedAt: true,
          finishedAt: true,
          createdAt: true,
        },
      },
    },
  });
  if (!incident) return null;
  return {
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      impact: incident.impact,
      serviceName: incident.service?.name ?? null,
      updateCadenceMin: incident.updateCadenceMin,
      impactStartedAt: incident.impactStartedAt,
      detectedAt: incident.detectedAt,
      declaredAt: incident.declaredAt,
      rollbackStartedAt: incident.rollbackStartedAt,
      rollbackCompletedAt: incident.rollbackCompletedAt,
      resolvedAt: incident.resolvedAt,
      warRoomUrl: incident.warRoomUrl,
      incidentDocUrl: incident.incidentDocUrl,
    },
    actions: incident.rollbacks.map((a) => ({ ...a, strategy: String(a.strategy) })),
    lastCustomerUpdateAt: await lastCustomerUpdateAt(incidentId),
    baseUrl: publicBaseUrl(),
  };
}
