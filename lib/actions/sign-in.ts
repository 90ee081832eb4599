"use server";
// Sign-in and sign-out are the only actions without a permission: they establish the session.
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/config";
import { PasswordSignInOff, SignInThrottled } from "@/lib/auth/authorize-credentials";
import { throttledMessage } from "@/lib/auth/throttle-sign-in";
import { passwordSignInEnabled } from "@/lib/env";
import { samePath } from "@/lib/auth/request-path";
import type { ActionResult } from "@/lib/actions/define-action";

// Where to land after signing in: only a path on this site (the check guard-page's redirect uses),
// never a fresh session bounced to another origin; anything else lands on the incident list.
const callbackUrl = z
  .unknown()
  .optional()
  .transform((v) => samePath(v) ?? "/incidents");

const schema = z.object({
  email: z.string().trim().email("Enter your email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(200),
  callbackUrl,
});

const oidcSchema = z.object({ callbackUrl });

const PASSWORD_OFF_MESSAGE = "Password sign-in is turned off here; sign in with single sign-on.";

export async function signInAction(_prev: unknown, form: FormData): Promise<ActionResult<null>> {
  if (!passwordSignInEnabled()) return { ok: false, code: "forbidden", error: PASSWORD_OFF_MESSAGE };
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[String(i.path[0])] ??= []).push(i.message);
    return { ok: false, code: "invalid", error: "Check the highlighted fields.", fieldErrors };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: parsed.data.callbackUrl,
    });
    return { ok: true, data: null };
  } catch (e) {
    if (e instanceof SignInThrottled)
      return { ok: false, code: "unavailable", error: throttledMessage(e.retryAfterSec) };
    if (e instanceof PasswordSignInOff) return { ok: false, code: "forbidden", error: PASSWORD_OFF_MESSAGE };
    if (e instanceof AuthError) return { ok: false, code: "unauthenticated", error: "Wrong email or password." };
    throw e; // Next's redirect after a successful sign-in travels as an exception
  }
}

/** Single sign-on, back to the page the person was sent to sign in from (the login form's callbackUrl). */
export async function signInWithOidcAction(form: FormData) {
  const { callbackUrl: redirectTo } = oidcSchema.parse({ callbackUrl: form.get("callbackUrl") ?? undefined });
  await signIn("oidc", { redirectTo });
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
