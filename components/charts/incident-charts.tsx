import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { Card } from "@/components/ui/card";
import { ServiceCharts } from "@/components/charts/service-charts";

// The incident page's live charts: the incident's service signals. The page has checked incident.read.
export async function IncidentCharts({ incidentId }: { incidentId: string; user: SessionUser }) {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: { id: true, service: { select: { id: true, name: true } } },
  });
  if (!incident) return null;
  if (!incident.service) {
    return (
      <Card title="Live metrics">
        <p className="text-sm text-zinc-500">This incident has no service, so there are no metrics to chart.</p>
      </Card>
    );
  }
  return (
    <Card title={`Live metrics — ${incident.service.name}`}>
      <ServiceCharts serviceId={incident.service.id} incidentId={incident.id} />
    </Card>
  );
}
