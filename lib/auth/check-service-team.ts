// Team ownership on the server: a rollback of a service that a team owns is planned, started and
// approved only by that team's members (and admins). Called by lib/rollback/lifecycle.ts beside the
// binding check, with the actor's teams read from the database now (like the role, so a sign-in that
// removes a team applies at once), never from the client.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { inOwningTeam } from "@/lib/permissions";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import type { SessionUser } from "@/lib/auth/session";

export async function assertServiceTeam(
  db: PrismaClient,
  service: { name: string; team: string | null },
  actor: Pick<SessionUser, "id" | "role">,
): Promise<void> {
  if (!service.team || actor.role === "admin") return;
  // The trigger watcher acts under the service's own admin-set trigger policy, not as a team member.
  if (actor.id === SYSTEM_USER_ID) return;
  const row = await db.user.findUnique({ where: { id: actor.id }, select: { teams: true } });
  if (inOwningTeam({ role: actor.role, teams: row?.teams ?? [] }, service.team)) return;
  throw new AppError(
    "forbidden",
    `Forbidden: ${service.name} is owned by team ${service.team}; only its members (or an admin) may roll it back.`,
  );
}
