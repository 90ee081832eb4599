import "server-only";
// "The open incident of this service": the newest one not resolved. There is one per service at a
// time (lib/triggers/incident.ts opens it under a per-service lock); every reader asks this query.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** `client` is a transaction's when the caller holds the per-service lock. */
export function findOpenIncident<S extends Prisma.IncidentSelect>(
  serviceId: string,
  select: S,
  client: Pick<Prisma.TransactionClient, "incident"> = db,
) {
  return client.incident.findFirst({
    where: { serviceId, status: { not: "resolved" } },
    orderBy: { declaredAt: "desc" },
    select,
  });
}
