import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { formatUtc } from "@/lib/format/date";
import { getIncident } from "@/lib/incidents/queries";
import { eventsAfter } from "@/lib/incidents/timeline";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LiveTimeline } from "@/components/incidents/live-timeline";
import { NoteForm } from "@/components/incidents/note-form";
import { StatusForm } from "@/components/incidents/status-form";
import { IncidentRollbackPanel } from "@/components/rollback/incident-rollback-panel";
import { IncidentArtifacts } from "@/components/rollback/incident-artifacts";
import { ActiveHolds } from "@/components/gitops/active-holds";
import { IncidentCharts } from "@/components/charts/incident-charts";
import { WhatChanged } from "@/components/changes/what-changed";
import { VerificationPanel } from "@/components/verify/verification-panel";
import { ChecklistPanel } from "@/components/checklists/checklist-panel";
import { IncidentMetricsPanel } from "@/components/postmortem/incident-metrics-panel";
import { IncidentCommsPanel } from "@/components/comms/incident-comms-panel";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await guardPage("incident.read");
  const { id } = await params;
  const incident = await getIncident(id);
  if (!incident) notFound();
  const events = await eventsAfter(incident.id, 0n, 5000);
  return (
    <div className="space-y-4">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={incident.severity}>{incident.severity}</Badge>
          <Badge tone={incident.status}>{incident.status}</Badge>
          {incident.service && <span className="text-sm text-zinc-500">{incident.service.name}</span>}
        </div>
        <h1 className="text-2xl font-bold break-words">{incident.title}</h1>
        {incident.impact && <p className="whitespace-pre-wrap break-words text-sm">{incident.impact}</p>}
        <p className="text-xs text-zinc-500">
          Declared {formatUtc(incident.declaredAt)}
          {incident.declaredBy ? ` by ${incident.declaredBy.name}` : ""}
        </p>
      </header>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <IncidentRollbackPanel incidentId={incident.id} user={user} />
          <ActiveHolds incidentId={incident.id} user={user} />
          <WhatChanged incidentId={incident.id} user={user} />
          <IncidentCharts incidentId={incident.id} user={user} />
          <VerificationPanel incidentId={incident.id} user={user} />
          <Card title="Timeline">
            <LiveTimeline incidentId={incident.id} initial={events} />
          </Card>
        </div>
        <div className="space-y-4">
          {can(user.role, "incident.update") && (
            <Card title="Status">
              <StatusForm incidentId={incident.id} status={incident.status} />
            </Card>
          )}
          {can(user.role, "incident.note") && (
            <Card title="Notes">
              <NoteForm incidentId={incident.id} />
            </Card>
          )}
          <IncidentCommsPanel incidentId={incident.id} user={user} />
          <ChecklistPanel incidentId={incident.id} user={user} />
          <IncidentMetricsPanel incidentId={incident.id} user={user} />
          <IncidentArtifacts incidentId={incident.id} />
        </div>
      </div>
    </div>
  );
}
