// Shown to those who may roll back, on an incident whose service names StatefulSets: the client
// card polls for pods stuck on a revision the StatefulSet no longer wants and renders nothing
// while there are none.
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { can } from "@/lib/permissions";
import { StuckPodsCard } from "./stuck-pods-card";

export async function StuckPods({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  if (!can(user.role, "rollback.start")) return null;
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: { service: { select: { statefulSets: true } } },
  });
  if (!incident?.service?.statefulSets.length) return null;
  return <StuckPodsCard incidentId={incidentId} />;
}
