// The audit of role and team changes, newest first: who, before, after, and whether the identity
// provider (a sign-in) or an admin made it.
import { formatUtc } from "@/lib/format/date";

export type RoleAuditEntry = {
  id: bigint;
  userEmail: string;
  source: string;
  actorName: string;
  roleBefore: string | null;
  roleAfter: string;
  teamsBefore: string[];
  teamsAfter: string[];
  createdAt: Date;
};

const access = (role: string | null, teams: string[]) =>
  role === null ? "(new user)" : `${role}${teams.length ? ` · ${teams.join(", ")}` : ""}`;

export function RoleAuditTable({ entries }: { entries: RoleAuditEntry[] }) {
  if (!entries.length) return <p className="text-sm text-zinc-500">No changes yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="role-audit">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-2">When (UTC)</th>
          <th>User</th>
          <th>Source</th>
          <th>By</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((a) => (
          <tr key={String(a.id)} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-2">{formatUtc(a.createdAt)}</td>
            <td>{a.userEmail}</td>
            <td>{a.source === "oidc" ? "identity provider" : "admin"}</td>
            <td>{a.actorName}</td>
            <td>{access(a.roleBefore, a.teamsBefore)}</td>
            <td>{access(a.roleAfter, a.teamsAfter)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
