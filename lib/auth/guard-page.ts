import "server-only";
import { redirect } from "next/navigation";
import { can, type Permission } from "@/lib/permissions";
import { currentUser, type SessionUser } from "@/lib/auth/session";

/** For pages: the signed-in user allowed to see them, else a redirect to sign in or to /forbidden. */
export async function guardPage(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!can(user.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return user;
}
