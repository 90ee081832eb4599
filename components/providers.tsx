"use client";
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { SessionExpiredBanner, SessionExpiryProvider, useSessionExpiry } from "@/components/auth/session-expiry";
import { isFetchError, isSessionExpired } from "@/lib/http/fetch-json";

// A refused request (expired session, forbidden, gone) gets the same answer when asked again.
const retry = (failures: number, e: unknown) => failures < 1 && !(isFetchError(e) && e.permanent);

function QueryProvider({ children }: { children: React.ReactNode }) {
  const { markExpired } = useSessionExpiry();
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: (e) => (isSessionExpired(e) ? markExpired() : undefined) }),
        defaultOptions: { queries: { staleTime: 2_000, retry } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <SessionExpiryProvider>
      <QueryProvider>
        <SessionExpiredBanner />
        {children}
      </QueryProvider>
    </SessionExpiryProvider>
  );
}
