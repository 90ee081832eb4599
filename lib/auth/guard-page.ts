import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { can, type Permission } from "@/lib/permissions";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { REQUEST_PATH_HEADER, loginPathFor } from "@/lib/auth/request-path";

/** The page being rendered (path + query), as proxy.ts recorded it; undefined outside a request. */
async function requestedPage(): Promise<string | null | undefined> {
  try {
    return (await headers()).get(REQUEST_PATH_HEADER);
  } catch {
    return undefined;
  }
}

/** To sign in, and back to the page being rendered afterwards (layouts use it too). */
export async function redirectToSignIn(): Promise<never> {
  redirect(loginPathFor(await requestedPage()));
}

/**
 * For pages: the signed-in user allowed to see them, else a redirect to /forbidden or to sign in,
 * which returns to this page (same-site paths only) once signed in.
 */
export async function guardPage(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) return redirectToSignIn();
  if (!can(user.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return user;
}
