// Who may do what. Every server action and route handler asks `can(role, action)` on the server;
// the UI asks the same table only to decide what to show.
import type { Role } from "@/lib/generated/prisma/enums";

export const ROLES = ["viewer", "responder", "commander", "comms", "admin"] as const satisfies readonly Role[];

const R = {
  everyone: ["viewer", "responder", "commander", "comms", "admin"],
  responders: ["responder", "commander", "comms", "admin"],
  operators: ["responder", "commander", "admin"],
  commanders: ["commander", "admin"],
  publishers: ["comms", "commander", "admin"],
  admins: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export const PERMISSIONS = {
  "incident.read": R.everyone,
  "incident.declare": R.operators,
  "incident.update": R.commanders,
  "incident.note": R.responders,
  "rollback.plan": R.commanders,
  "rollback.start": R.commanders,
  "rollback.approve": R.commanders,
  "rollback.cancel": R.commanders,
  // A plan's strategy-private data (patches, manifests) and its full params (SQL, env names).
  "rollback.readPlanData": R.commanders,
  // Switch an Argo CD Application's automated sync off / suspend a Flux object, and restore it.
  "gitops.hold": R.commanders,
  "verification.run": R.operators,
  "checklist.update": R.operators,
  "postmortem.edit": R.operators,
  "metrics.edit": R.commanders,
  "notice.edit": R.publishers,
  "notice.publish": R.publishers,
  "template.edit": R.admins,
  "webhook.edit": R.admins,
  "service.edit": R.admins,
  // Discovery and the settings checks reveal the clusters' layout and the dashboard's RBAC.
  "service.discover": R.admins,
  "smoke.edit": R.commanders,
  "user.setRole": R.admins,
  // The OIDC group → role/team policy (lib/auth/group-policy.ts).
  "user.editGroupPolicy": R.admins,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Team ownership: a service with an owning team is planned, started and approved only by that team's
 * members; admins are not limited by team, and a service without a team is open to every role that
 * has the permission. The server enforces it (lib/auth/check-service-team.ts); the UI asks it too.
 */
export function inOwningTeam(
  user: { role: Role; teams: readonly string[] },
  serviceTeam: string | null | undefined,
): boolean {
  return !serviceTeam || user.role === "admin" || user.teams.includes(serviceTeam);
}
