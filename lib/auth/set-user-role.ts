// An admin's role change on the users page, audited (source "admin"). The user's next OIDC sign-in
// sets the role from the group policy again while a policy has rules (lib/auth/apply-oidc-groups.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { recordRoleChange } from "@/lib/auth/record-role-change";

export async function setUserRole(
  db: PrismaClient,
  input: { userId: string; role: Role },
  admin: { id: string; name: string },
): Promise<{ id: string; role: Role }> {
  if (input.userId === SYSTEM_USER_ID)
    throw new AppError("invalid", "The system user (auto-trigger) is not a person; its role is fixed.");
  if (input.userId === admin.id && input.role !== "admin") {
    throw new AppError("invalid", "You cannot remove your own admin role; ask another admin.");
  }
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE id = ${input.userId} FOR UPDATE`;
    const before = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, email: true, role: true, teams: true },
    });
    if (!before) throw new AppError("not_found", "That user does not exist.");
    const user = await tx.user.update({
      where: { id: before.id },
      data: { role: input.role, roleSource: "admin" },
      select: { id: true, role: true },
    });
    await recordRoleChange(tx, {
      user: before,
      source: "admin",
      actor: { id: admin.id, name: admin.name },
      before: { role: before.role, teams: before.teams },
      after: { role: input.role, teams: before.teams },
    });
    return user;
  });
}
