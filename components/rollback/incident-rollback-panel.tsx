import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { can, inOwningTeam } from "@/lib/permissions";
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
          statefulSets: true,
          daemonSets: true,
          strategyConfig: true,
          team: true,
        },
      },
    },
  });
  const [rollbacks, me] = await Promise.all([
    incidentRollbacks(incidentId, user.role),
    db.user.findUnique({ where: { id: user.id }, select: { teams: true } }),
  ]);
  const team = incident?.service?.team ?? null;
  // The same rule the server enforces at plan/start/approve (lib/auth/check-service-team.ts).
  const inTeam = inOwningTeam({ role: user.role, teams: me?.teams ?? [] }, team);
  return (
    <RollbackPanel
      incidentId={incidentId}
      service={incident?.service ?? null}
      userId={user.id}
      canRollback={can(user.role, "rollback.start") && inTeam}
      ownedBy={can(user.role, "rollback.start") && !inTeam ? team : null}
      initial={rollbacks}
    />
  );
}
