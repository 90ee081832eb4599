import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/permissions";
import { loadIncidentMetrics } from "@/lib/postmortem/queries";
import { toUtcInput } from "@/lib/postmortem/schemas";
import { Card } from "@/components/ui/card";
import { MetricsList } from "@/components/postmortem/metrics-list";
import { MetricsForm } from "@/components/postmortem/metrics-form";

export async function IncidentMetricsPanel({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const loaded = await loadIncidentMetrics(incidentId);
  if (!loaded) return null;
  const { input, metrics } = loaded;
  return (
    <Card
      title="Rollback metrics"
      actions={
        <Link
          href={`/incidents/${incidentId}/postmortem`}
          className="text-sm text-blue-700 underline dark:text-blue-300"
        >
          Post-mortem
        </Link>
      }
    >
      <MetricsList metrics={metrics} />
      {can(user.role, "metrics.edit") && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer font-medium">Edit recorded metrics</summary>
          <MetricsForm
            incidentId={incidentId}
            initial={{
              impactStartedAt: toUtcInput(metrics.impactStarted?.at ?? null),
              detectedAt: toUtcInput(input.detectedAt),
              decisionAt: toUtcInput(input.decisionAt),
              dataLoss: input.dataLoss ?? "",
              rootCauseCategory: input.rootCauseCategory ?? "",
              revenueImpact: input.revenueImpact === null ? "" : input.revenueImpact.toFixed(2),
            }}
          />
        </details>
      )}
    </Card>
  );
}
