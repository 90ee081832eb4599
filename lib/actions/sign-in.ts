"use server";
// Sign-in and sign-out are the only actions without a permission: they establish the session.
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/config";
import { PasswordSignInOff, SignInThrottled } from "@/lib/auth/authorize-credentials";
import { throttledMessage } from "@/lib/auth/throttle-sign-in";
import { passwordSignInEnabled } from "@/lib/env";
import type { ActionResult } from "@/lib/actions/define-action";

const schema = z.object({
  email: z.string().trim().email("Enter your email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(200),
  callbackUrl: z
    .string()
    .optional()
    // Only same-site paths: never bounce a fresh session to another origin.
    .transform((v) => (v && v.startsWith("/") && !v.startsWith("//") ? v : "/incidents")),
});

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

export async function signInWithOidcAction() {
  await signIn("oidc", { redirectTo: "/incidents" });
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
