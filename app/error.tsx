"use client";
import { RouteError } from "@/components/ui/route-error";

// The last boundary before a white page: the dashboard frame or the sign-in page itself failed.
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-7xl p-4">
      <RouteError
        error={error}
        retry={retry}
        title="The dashboard could not be loaded"
        what="The server could not build this page. Rollbacks and verifications already started keep running on the server."
        ways={[
          { href: "/incidents", label: "Incidents" },
          { href: "/status", label: "Status page" },
        ]}
      />
    </main>
  );
}
