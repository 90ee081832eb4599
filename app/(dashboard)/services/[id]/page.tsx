import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { serviceLiveState } from "@/lib/services/live-state";
import { Card } from "@/components/ui/card";
import { ServiceLiveStateView } from "@/components/services/service-live-state";
import { ServiceCharts } from "@/components/charts/service-charts";
import { ManualTriggers } from "@/components/charts/manual-triggers";
import { ServiceFlags } from "@/components/flags/service-flags";
import Link from "next/link";
import { can } from "@/lib/permissions";

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await guardPage("incident.read");
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
      {can(user.role, "incident.declare") && <ManualTriggers serviceId={service.id} serviceName={service.name} />}
      <ServiceCharts serviceId={service.id} />
      <Card title="Deployments">
        <ServiceLiveStateView serviceId={service.id} initial={live} />
      </Card>
      <ServiceFlags service={service} />
      <p className="text-sm">
        <Link href={`/services/${service.id}/smoke-tests`} className="underline">
          Smoke tests
        </Link>{" "}
        run after every rollback and on demand.
      </p>
    </div>
  );
}
