import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/session";
import { serviceLiveState } from "@/lib/services/live-state";
import { Card } from "@/components/ui/card";
import { ServiceLiveStateView } from "@/components/services/service-live-state";

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  await guardPage("incident.read");
  const { id } = await params;
  const service = await db.service.findUnique({ where: { id } });
  if (!service) notFound();
  const live = await serviceLiveState(service.id);
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-2xl font-bold">{service.name}</h1>
        <p className="text-sm text-zinc-500">
          {service.clusterContext}/{service.namespace} · trigger policy {service.triggerPolicy}
          {service.needsSecondApprover ? " · rollbacks need a second approver" : ""}
        </p>
      </header>
      <Card title="Deployments">
        <ServiceLiveStateView serviceId={service.id} initial={live} />
      </Card>
    </div>
  );
}
