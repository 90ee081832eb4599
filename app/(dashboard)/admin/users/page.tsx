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
    select: { id: true, email: true, name: true, role: true },
  });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Users and roles</h1>
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-2">Name</th>
            <th>Email</th>
            <th>Role</th>
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
