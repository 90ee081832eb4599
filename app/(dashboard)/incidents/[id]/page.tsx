import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { getIncident } from "@/lib/incidents/queries";
import { eventsAfter } from "@/lib/incidents/timeline";
import { Card } from "@/components/ui/card";
import { IncidentHeader } from "@/components/incidents/incident-header";
import { LiveTimeline } from "@/components/incidents/live-timeline";
import { NoteForm } from "@/components/incidents/note-form";
import { StatusForm } from "@/components/incidents/status-form";
import { IncidentRollbackPanel } from "@/components/rollback/incident-rollback-panel";
import { IncidentArtifacts } from "@/components/rollback/incident-artifacts";
import { StuckPods } from "@/components/rollback/stuck-pods";
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
      <IncidentHeader incident={incident} user={user} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <IncidentRollbackPanel incidentId={incident.id} user={user} />
          <StuckPods incidentId={incident.id} user={user} />
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
