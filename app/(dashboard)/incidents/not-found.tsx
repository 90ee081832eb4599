import { PageMessage, WaysOut } from "@/components/ui/page-state";

// notFound() for an unknown incident: from incidents/[id]/layout.tsx, its page and its post-mortem.
export default function IncidentNotFound() {
  return (
    <PageMessage title="Incident not found" testId="incident-not-found">
      <p className="text-sm">
        There is no incident at this address. The link may be mistyped, or from another installation.
      </p>
      <WaysOut ways={[{ href: "/incidents", label: "All incidents" }]} />
    </PageMessage>
  );
}
