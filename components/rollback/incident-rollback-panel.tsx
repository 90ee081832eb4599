import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { can } from "@/lib/permissions";
import { incidentRollbacks } from "@/lib/rollback/queries";
import { RollbackPanel } from "./rollback-panel";

export async function IncidentRollbackPanel({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      service: {
        select: {
          id: true,
          name: true,
          clusterContext: true,
          namespace: true,
          deployments: true,
          strategyConfig: true,
        },
      },
    },
  });
  const rollbacks = await incidentRollbacks(incidentId, user.role);
  return (
    <RollbackPanel
      incidentId={incidentId}
      service={incident?.service ?? null}
      userId={user.id}
      canRollback={can(user.role, "rollback.start")}
      initial={rollbacks}
    />
  );
}
