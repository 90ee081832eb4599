import Link from "next/link";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { guardPage } from "@/lib/auth/guard-page";
import { readGroupPolicy } from "@/lib/auth/group-policy-store";
import { formatUtc } from "@/lib/format/date";
import { Card } from "@/components/ui/card";
import { GroupPolicyForm } from "@/components/admin/group-policy-form";
import { RoleAuditTable } from "@/components/admin/role-audit-table";

export const metadata = { title: "Group policy" };

export default async function GroupPolicyPage() {
  await guardPage("user.editGroupPolicy");
  const e = env();
  const [policy, audit] = await Promise.all([
    readGroupPolicy(db, e.RCC_OIDC_GROUP_ROLES_FILE),
    db.roleAudit.findMany({ orderBy: { id: "desc" }, take: 50 }),
  ]);
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Group policy</h1>
        <Link href="/admin/users" className="text-sm underline">
          Users, roles and teams
        </Link>
      </header>
      <Card>
        <div className="space-y-3 p-4 text-sm">
          <p>
            At each single sign-on, the ID token&apos;s <code>groups</code> claim sets the user&apos;s role (the highest
            a group maps to, else the default role <strong>{e.RCC_OIDC_DEFAULT_ROLE}</strong>) and teams. A service with
            an owning team is rolled back only by that team&apos;s members and admins. With no rules, roles are set by
            admins on the users page. Password users always keep their admin-set role.
          </p>
          {policy.file && (
            <p data-testid="policy-file">
              Managed by the file <code>{policy.file.path}</code> (RCC_OIDC_GROUP_ROLES_FILE): read-only here; change
              the file (the chart&apos;s <code>oidc.groupRoles</code>).
              {policy.file.error && (
                <span role="alert" className="block text-red-700 dark:text-red-400">
                  The file was not applied: {policy.file.error}. The policy below is the one in force.
                </span>
              )}
            </p>
          )}
          {policy.errors.length > 0 && (
            <p role="alert" className="text-red-700 dark:text-red-400">
              The stored policy does not parse, so it maps no group: fix the lines below.
            </p>
          )}
          <GroupPolicyForm text={policy.text} revision={policy.revision} readOnly={policy.readOnly} />
          {policy.updatedAt && (
            <p className="text-xs text-zinc-500">
              Revision {policy.revision}, by {policy.updatedByName ?? "unknown"} at {formatUtc(policy.updatedAt)}
            </p>
          )}
        </div>
      </Card>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Role and team changes</h2>
        <RoleAuditTable entries={audit} />
      </section>
    </div>
  );
}
