"use client";
// The body of every error.tsx: what failed in words, a retry, and ways out. An expired session is
// told apart (it needs signing in, not retrying); server errors show only their reference, since
// their messages never reach the browser in production.
import { useEffect, useRef } from "react";
import { isFetchError, isSessionExpired } from "@/lib/http/fetch-json";
import { SessionExpiredNotice } from "@/components/auth/session-expiry";
import { Button } from "@/components/ui/button";
import { PageMessage, WaysOut, type Way } from "@/components/ui/page-state";

export function RouteError({
  error,
  retry,
  title,
  what,
  ways,
  audience = "staff",
}: {
  error: unknown;
  retry: () => void;
  title: string;
  what: string;
  ways: Way[];
  /** The public status page: no sign-in prompt, no internals, no log reference. */
  audience?: "staff" | "public";
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    console.error(error);
    heading.current?.focus();
  }, [error]);
  const digest = (error as { digest?: unknown } | null)?.digest;
  const staff = audience === "staff";
  const expired = staff && isSessionExpired(error);
  return (
    <PageMessage title={expired ? "Signed out" : title} tone="error" testId="route-error" headingRef={heading}>
      {expired ? (
        <SessionExpiredNotice what={what} />
      ) : (
        <div role="alert" className="space-y-2 text-sm">
          <p>{what}</p>
          {staff && isFetchError(error) && <p className="text-zinc-600 dark:text-zinc-400">{error.message}</p>}
          {staff && (
            <p className="text-zinc-600 dark:text-zinc-400">
              Nothing was changed by this error. It is often brief (a database or cluster that did not answer in time):
              try again.
            </p>
          )}
          {staff && typeof digest === "string" && (
            <p className="font-mono text-xs text-zinc-500">Reference for the logs: {digest}</p>
          )}
        </div>
      )}
      <WaysOut ways={ways}>{!expired && <Button onClick={() => retry()}>Try again</Button>}</WaysOut>
    </PageMessage>
  );
}
