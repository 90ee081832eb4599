import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { DEFAULT_TRIGGER_CONFIG, parseTriggerConfig } from "@/lib/prometheus/rules";
import { serviceLiveState } from "@/lib/services/live-state";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ServiceCharts } from "@/components/charts/service-charts";
import { ServiceLiveStateView } from "@/components/services/service-live-state";
import { findOpenIncident } from "@/lib/incidents/find-open-incident";
import { SANDBOX, sandboxEnabled } from "@/lib/sandbox/config";
import { AutoRefresh } from "./auto-refresh";
import { DeployBadButton } from "./deploy-bad-button";

// Exists only when the server runs as the sandbox (`npm run sandbox` sets RCC_SANDBOX=1).
export default async function SandboxPage() {
  if (!sandboxEnabled()) notFound();
  const user = await guardPage("incident.read");
  const service = await db.service.findUnique({ where: { name: SANDBOX.service } });
  if (!service) notFound();
  const [live, incident] = await Promise.all([
    serviceLiveState(service.id),
    findOpenIncident(service.id, { id: true, title: true, status: true, severity: true }),
  ]);
  const parsed = parseTriggerConfig(service.triggerConfig);
  const cfg = parsed.ok ? parsed.config : DEFAULT_TRIGGER_CONFIG;
  return (
    <div className="space-y-4">
      <AutoRefresh />
      <header className="space-y-2 rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
        <p className="text-xs font-semibold tracking-wide uppercase">
          Sandbox only — nothing here touches a real cluster
        </p>
        <h1 className="text-2xl font-bold">Sandbox: break {service.name}, then watch it come back</h1>
        <p className="text-sm">
          A local control plane runs the Deployment{" "}
          <code>
            {service.namespace}/{SANDBOX.deployment}
          </code>
          ; a demo service follows its image and takes steady orders; Prometheus scrapes it every second. Trigger policy{" "}
          <strong data-testid="sandbox-policy">{service.triggerPolicy}</strong>: the error-rate rule fires after{" "}
          {cfg.errorRate.forSec} s above {(cfg.errorRate.threshold * 100).toFixed(0)} % (rate window {cfg.rateWindowSec}{" "}
          s).
        </p>
      </header>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="1. Deploy the bad version" className="lg:col-span-1">
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Sets the Deployment&apos;s image to the bad tag (a real rolling update). The bad version fails most orders
            and answers slowly.
          </p>
          {can(user.role, "rollback.start") ? (
            <DeployBadButton fireAfterSec={cfg.errorRate.forSec} policy={service.triggerPolicy} />
          ) : (
            <p className="text-sm text-zinc-500">Sign in as a commander (commander@rcc.local) to deploy.</p>
          )}
        </Card>
        <Card title="2. The incident" className="lg:col-span-2">
          {incident ? (
            <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="sandbox-incident">
              <Badge tone={incident.severity}>{incident.severity}</Badge>
              <Badge tone={incident.status}>{incident.status}</Badge>
              <Link
                href={`/incidents/${incident.id}`}
                className="font-medium text-blue-700 underline dark:text-blue-300"
              >
                {incident.title}
              </Link>
            </p>
          ) : (
            <p className="text-sm text-zinc-500" data-testid="sandbox-no-incident">
              No open incident for {service.name}. After a bad deploy the trigger watcher opens one here.
            </p>
          )}
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {service.triggerPolicy === "auto"
              ? "Policy auto: the rollback starts by itself, then verification runs. Open the incident to watch the timeline."
              : "Policy notify: open the incident, click Roll back, preview the plan, type the service name and confirm."}{" "}
            <Link href={`/services/${service.id}`} className="underline">
              Service page
            </Link>
          </p>
        </Card>
      </div>
      <Card title={`Live metrics — ${service.name}`}>
        <ServiceCharts serviceId={service.id} refreshMs={3_000} />
      </Card>
      <Card title="Deployment in the sandbox cluster">
        <ServiceLiveStateView serviceId={service.id} initial={live} />
      </Card>
    </div>
  );
}
