import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentUser } from "@/lib/auth/session";
import { oidcEnabled, passwordSignInEnabled } from "@/lib/env";
import { LINK_REFUSAL_MESSAGES, type LinkRefusal } from "@/lib/auth/link-oidc-identity";
import { signInWithOidcAction } from "@/lib/actions/sign-in";
import { samePath } from "@/lib/auth/request-path";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export const metadata = { title: "Sign in" };

// Why a single sign-on came back here (the signIn callback's refusals, and next-auth's own errors).
function ssoErrorOf(error: unknown): string | undefined {
  if (typeof error !== "string" || !error) return undefined;
  if (error === "CredentialsSignin") return "Password sign-in was refused.";
  if (Object.hasOwn(LINK_REFUSAL_MESSAGES, error)) return LINK_REFUSAL_MESSAGES[error as LinkRefusal];
  return "Single sign-on did not complete. Try again, or ask an admin.";
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl: asked, error } = await searchParams;
  // Same-site paths only: both ways of signing in come back here, the server actions check again.
  const callbackUrl = samePath(asked);
  const sso = oidcEnabled();
  const passwords = passwordSignInEnabled();
  const ssoError = ssoErrorOf(error);
  // Already signed in again (another tab): go straight back to where the prompt was.
  if (await currentUser()) redirect(callbackUrl ?? "/incidents");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <div>
        <h1 className="text-2xl font-bold">Rollback Command Center</h1>
        <p className="text-sm text-zinc-500">Sign in to the incident dashboard.</p>
      </div>
      {ssoError && <FormMessage state={{ ok: false, error: ssoError }} />}
      {passwords && <LoginForm callbackUrl={callbackUrl} />}
      {!passwords && !sso && (
        <p role="alert" className="text-sm text-zinc-600">
          Password sign-in is turned off and single sign-on is not configured: ask the operator.
        </p>
      )}
      {sso && (
        <form action={signInWithOidcAction}>
          {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
          <Button type="submit" variant="secondary" className="w-full">
            Sign in with {process.env.AUTH_OIDC_NAME ?? "single sign-on"}
          </Button>
        </form>
      )}
      <p className="text-xs text-zinc-500">
        The public status page is at{" "}
        <a className="underline" href="/status">
          /status
        </a>
        .
      </p>
    </main>
  );
}
