import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentUser } from "@/lib/auth/session";
import { oidcEnabled } from "@/lib/env";
import { signInWithOidcAction } from "@/lib/actions/sign-in";
import { Button } from "@/components/ui/button";

export const metadata = { title: "Sign in" };

// Same-site paths only (a browser reads "/\host" as "//host").
const samePath = (v: unknown) => (typeof v === "string" && /^\/(?![/\\])/.test(v) ? v : undefined);

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Already signed in again (another tab): go straight back to where the prompt was.
  if (await currentUser()) redirect(samePath(callbackUrl) ?? "/incidents");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <div>
        <h1 className="text-2xl font-bold">Rollback Command Center</h1>
        <p className="text-sm text-zinc-500">Sign in to the incident dashboard.</p>
      </div>
      <LoginForm callbackUrl={callbackUrl} />
      {oidcEnabled() && (
        <form action={signInWithOidcAction}>
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
