"use client";
import { RouteError } from "@/components/ui/route-error";

// The catalog list, the editor, discovery and the audit log.
export default function CatalogError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="The service catalog could not be loaded"
      what="This page failed to load, often because the database or a cluster did not answer."
      ways={[
        { href: "/admin/services", label: "Service catalog" },
        { href: "/services", label: "Services" },
      ]}
    />
  );
}
