import Link from "next/link";
import { db } from "@/lib/db";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { guardPage } from "@/lib/auth/guard-page";
import { RoleSelect } from "@/components/admin/role-select";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  await guardPage("user.setRole");
  // The system user (automatic triggers) is not a person to give a role to.
  const users = await db.user.findMany({
    where: { id: { not: SYSTEM_USER_ID } },
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, teams: true, roleSource: true, passwordHash: true },
  });
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Users and roles</h1>
        <Link href="/admin/groups" className="text-sm underline">
          Group policy (single sign-on groups → roles and teams)
        </Link>
      </header>
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-2">Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Teams</th>
            <th>Set by</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-2">{u.name}</td>
              <td>{u.email}</td>
              <td>
                <RoleSelect userId={u.id} role={u.role} label={u.email} />
              </td>
              <td>{u.teams.length ? u.teams.join(", ") : "—"}</td>
              <td>
                {/* Password users keep the admin's role; OIDC users' role follows the group policy at sign-in. */}
                {u.roleSource === "oidc" ? "identity provider (group policy)" : "admin"}
                {u.passwordHash ? " · password" : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
