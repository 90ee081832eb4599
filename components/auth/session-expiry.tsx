"use client";
// When any live part of a page learns the session has expired (a poll, the timeline stream), the
// whole page says so once, at the top of the viewport, with a way to sign in and come back here.
// Parts that stop updating say it where they are, too (SessionExpiredNotice).
import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore } from "react";
import { usePathname } from "next/navigation";
import { SESSION_EXPIRED_MESSAGE } from "@/lib/http/fetch-json";

type SessionExpiry = { expired: boolean; markExpired: () => void };

const Ctx = createContext<SessionExpiry>({ expired: false, markExpired: () => {} });

export function SessionExpiryProvider({ children }: { children: React.ReactNode }) {
  const [expired, setExpired] = useState(false);
  const markExpired = useCallback(() => setExpired(true), []);
  const value = useMemo(() => ({ expired, markExpired }), [expired, markExpired]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSessionExpiry(): SessionExpiry {
  return useContext(Ctx);
}

const noSubscribe = () => () => {};

/** The sign-in page, told to return to the page the person is on (query string included). */
export function useSignInHref(): string {
  const pathname = usePathname() ?? "/incidents";
  const here = useSyncExternalStore(
    noSubscribe,
    () => `${window.location.pathname}${window.location.search}`,
    () => pathname,
  );
  return `/login?callbackUrl=${encodeURIComponent(/^\/(?![/\\])/.test(here) ? here : "/incidents")}`;
}

const box =
  "rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100";
const link = "font-semibold underline underline-offset-2 hover:no-underline";

/** Inline: this part of the page stopped because the session expired. */
export function SessionExpiredNotice({ what, testId = "session-expired" }: { what?: string; testId?: string }) {
  const href = useSignInHref();
  return (
    <p role="alert" className={box} data-testid={testId}>
      {what ? `${what} ` : ""}
      {SESSION_EXPIRED_MESSAGE}{" "}
      {/* A full page load: the sign-in page has its own layout, and signing in lands back here. */}
      <a href={href} className={link}>
        Sign in again
      </a>
    </p>
  );
}

/** Page-wide, once: shown from the first expired answer until the person signs in again. */
export function SessionExpiredBanner() {
  const { expired } = useSessionExpiry();
  const href = useSignInHref();
  if (!expired) return null;
  return (
    <div
      role="alert"
      data-testid="session-expired-banner"
      className={`sticky top-0 z-50 rounded-none border-x-0 border-t-0 ${box}`}
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-1">
        <strong>{SESSION_EXPIRED_MESSAGE}</strong>
        <span>
          This page has stopped updating; what it shows may be out of date. Anything running on the server (a rollback,
          a verification) keeps running.
        </span>
        <a href={href} className={`${link} ml-auto`}>
          Sign in again
        </a>
      </div>
    </div>
  );
}
