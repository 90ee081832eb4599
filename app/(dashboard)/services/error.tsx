"use client";
import { RouteError } from "@/components/ui/route-error";

// The services list, a service page and its smoke tests.
export default function ServicesError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="The service could not be loaded"
      what="This page failed to load, often because the database or the service's cluster did not answer."
      ways={[
        { href: "/services", label: "All services" },
        { href: "/incidents", label: "Incidents" },
      ]}
    />
  );
}
