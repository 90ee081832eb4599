import "server-only";
// The server-side gate used by every page, action and route: who is this, and may they?
import { cache } from "react";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { can, type Permission } from "@/lib/permissions";
import { SYSTEM_USER_ID, actingUser } from "@/lib/auth/acting-user";
import type { Role } from "@/lib/generated/prisma/enums";

export type SessionUser = { id: string; email: string; name: string; role: Role };

async function sessionUserId(): Promise<string | undefined> {
  try {
    // Loaded lazily: jobs, tests and benchmarks act through runAs and never need next-auth.
    const { auth } = await import("@/lib/auth/config");
    return (await auth())?.user?.id;
  } catch {
    return undefined; // no request scope (a background job or a test): nobody is signed in
  }
}

/** The signed-in user as the database knows them now, or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const acting = actingUser();
  if (acting === "signed-out") return null;
  if (acting) return acting;
  const id = await sessionUserId();
  // The system user only ever acts in-process (runAs); a session naming it is not a sign-in.
  if (!id || id === SYSTEM_USER_ID) return null;
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } });
  return user;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}

export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) {
    throw new AppError("forbidden", `Forbidden: your role (${user.role}) may not do this (${permission}).`);
  }
  return user;
}
