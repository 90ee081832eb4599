"use client";
import { RouteError } from "@/components/ui/route-error";

// Any dashboard page that failed, inside the frame: the navigation stays usable.
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="This page could not be loaded"
      what="Something failed while loading this page."
      ways={[
        { href: "/incidents", label: "Incidents" },
        { href: "/services", label: "Services" },
      ]}
    />
  );
}
