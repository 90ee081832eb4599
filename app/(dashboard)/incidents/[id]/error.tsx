"use client";
import { RouteError } from "@/components/ui/route-error";

export default function IncidentError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="This incident could not be loaded"
      what="The incident page failed to load. Rollbacks and verifications already started keep running on the server, and everything is on the timeline once the page loads again."
      ways={[{ href: "/incidents", label: "All incidents" }]}
    />
  );
}
