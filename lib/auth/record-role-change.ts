// The audit of who may do what: one RoleAudit row for every change of a user's role or teams, from an
// OIDC sign-in (the group policy) or from an admin. A sign-in that changes nothing writes nothing.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

export type RoleChange = {
  user: { id: string; email: string };
  source: "oidc" | "admin";
  actor: { id: string | null; name: string };
  before: { role: Role; teams: readonly string[] } | null;
  after: { role: Role; teams: readonly string[] };
};

const sameTeams = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((t, i) => t === [...b].sort()[i]);

export function isChange(c: Pick<RoleChange, "before" | "after">): boolean {
  return !c.before || c.before.role !== c.after.role || !sameTeams(c.before.teams, c.after.teams);
}

/** Writes the audit row (inside the caller's transaction) when something changed; true when it did. */
export async function recordRoleChange(tx: Prisma.TransactionClient, c: RoleChange): Promise<boolean> {
  if (!isChange(c)) return false;
  await tx.roleAudit.create({
    data: {
      userId: c.user.id,
      userEmail: c.user.email,
      source: c.source,
      actorId: c.actor.id,
      actorName: c.actor.name,
      roleBefore: c.before?.role ?? null,
      roleAfter: c.after.role,
      teamsBefore: c.before ? [...c.before.teams] : [],
      teamsAfter: [...c.after.teams],
    },
  });
  return true;
}
