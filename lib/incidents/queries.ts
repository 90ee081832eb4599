import "server-only";
// Reads for incident pages. Callers have already checked incident.read.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { incidentFilterSchema } from "@/lib/incidents/schemas";

export async function listIncidents(rawFilter: Record<string, unknown>) {
  const filter = incidentFilterSchema.parse(rawFilter);
  const where: Prisma.IncidentWhereInput = {};
  if (filter.status) where.status = filter.status;
  if (filter.severity) where.severity = filter.severity;
  const incidents = await db.incident.findMany({
    where,
    orderBy: [{ declaredAt: "desc" }],
    take: 200,
    include: { service: { select: { name: true } } },
  });
  return { filter, incidents };
}

export async function getIncident(id: string) {
  return db.incident.findUnique({
    where: { id },
    include: { service: true, declaredBy: { select: { name: true } } },
  });
}
