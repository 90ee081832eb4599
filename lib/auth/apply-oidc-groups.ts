// At each OIDC sign-in the user's role and teams follow the identity provider: the `groups` claim of
// the ID token, through the group policy, gives the highest mapped role (else RCC_OIDC_DEFAULT_ROLE)
// and the mapped teams. Only while a policy has rules: with none, roles stay admin-managed as before.
// Password users never come here and keep their admin-set role. Every change is audited (RoleAudit).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { resolveGroups } from "@/lib/auth/group-policy";
import { readGroupPolicy } from "@/lib/auth/group-policy-store";
import { recordRoleChange } from "@/lib/auth/record-role-change";

export type OidcAccessResult = { applied: false } | { applied: true; role: Role; teams: string[]; changed: boolean };

export async function applyOidcGroups(
  db: PrismaClient,
  input: { userId: string; groups: readonly string[]; created: boolean },
  opts: { defaultRole: Role; policyFile: string | undefined },
): Promise<OidcAccessResult> {
  const policy = await readGroupPolicy(db, opts.policyFile);
  if (policy.rules.length === 0) return { applied: false };
  const next = resolveGroups(policy.rules, input.groups, opts.defaultRole);
  return db.$transaction(async (tx) => {
    // Row lock: two sign-ins of one user at once record their changes one after the other.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE id = ${input.userId} FOR UPDATE`;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: input.userId },
      select: { id: true, email: true, name: true, role: true, teams: true },
    });
    await tx.user.update({
      where: { id: user.id },
      data: { role: next.role, teams: next.teams, roleSource: "oidc" },
    });
    const changed = await recordRoleChange(tx, {
      user,
      source: "oidc",
      actor: { id: user.id, name: user.name },
      // A user this sign-in created had no role before it.
      before: input.created ? null : { role: user.role, teams: user.teams },
      after: next,
    });
    return { applied: true, role: next.role, teams: next.teams, changed };
  });
}
