// The incident's header, kept in view while the page scrolls: what it is (title, severity, status,
// service), who owns it, how long since it was detected (a live clock), where the rollback stands,
// and the commander's main action. Status and rollback state follow the live stream (IncidentRoom).
// The schema has no commander: the owner shown is whoever declared it (a person, or the trigger).
import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { can, inOwningTeam } from "@/lib/permissions";
import { formatUtc } from "@/lib/format/date";
import type { getIncident } from "@/lib/incidents/queries";
import { incidentRollbacks } from "@/lib/rollback/queries";
import { Badge } from "@/components/ui/badge";
import { DetectionClock } from "@/components/incidents/detection-clock";
import { IncidentLiveStream } from "@/components/incidents/incident-room";
import { IncidentShortcuts } from "@/components/incidents/incident-shortcuts";
import { LiveStatusBadge, PlanRollbackButton, RollbackStateText } from "@/components/incidents/incident-header-live";

type Incident = NonNullable<Awaited<ReturnType<typeof getIncident>>>;

const label = "text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400";

export async function IncidentHeader({ incident, user }: { incident: Incident; user: SessionUser }) {
  const [rollbacks, me, last] = await Promise.all([
    incidentRollbacks(incident.id, user.role),
    db.user.findUnique({ where: { id: user.id }, select: { teams: true } }),
    db.timelineEvent.findFirst({ where: { incidentId: incident.id }, orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const live = {
    incidentId: incident.id,
    status: incident.status,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
  };
  // The same rule the server enforces at plan/start (lib/auth/check-service-team.ts).
  const mayRollBack =
    Boolean(incident.service) &&
    can(user.role, "rollback.plan") &&
    inOwningTeam({ role: user.role, teams: me?.teams ?? [] }, incident.service?.team);
  const detectedAt = incident.detectedAt ?? incident.declaredAt;
  return (
    <>
      <IncidentLiveStream {...live} after={String(last?.id ?? 0)} />
      <header
        data-testid="incident-header"
        // Below the session banner (z-50) and any dialog; the page's own background so rows scroll under it.
        className="sticky top-0 z-30 -mx-4 space-y-2 border-b border-zinc-200 bg-zinc-50/95 px-4 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95"
      >
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={incident.severity}>{incident.severity}</Badge>
          <LiveStatusBadge {...live} />
          {incident.service && (
            <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="incident-service">
              {incident.service.name}
            </span>
          )}
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <Link
              href={`/incidents/${incident.id}/brief`}
              className="rounded-md border border-zinc-300 px-2 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Share stakeholder view
            </Link>
            <IncidentShortcuts
              abilities={{
                rollback: mayRollBack,
                status: can(user.role, "incident.update"),
                note: can(user.role, "incident.note"),
              }}
            />
            {mayRollBack && <PlanRollbackButton />}
          </div>
        </div>
        <h1 className="text-2xl font-bold break-words">{incident.title}</h1>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <div>
            <dt className={label}>{incident.detectedAt ? "Since detection" : "Since declared"}</dt>
            <dd>
              <DetectionClock
                {...live}
                detectedAt={detectedAt.toISOString()}
                // eslint-disable-next-line react-hooks/purity -- the server render's clock; the client ticks on from it
                serverNow={Date.now()}
              />{" "}
              <span className="text-xs text-zinc-500">({formatUtc(detectedAt)})</span>
            </dd>
          </div>
          <div>
            <dt className={label}>Declared by</dt>
            <dd data-testid="incident-owner">{incident.declaredBy?.name ?? `unknown (${incident.source})`}</dd>
          </div>
          <div className="min-w-0">
            <dt className={label}>Rollback</dt>
            <dd>
              <RollbackStateText incidentId={incident.id} initial={rollbacks} />
            </dd>
          </div>
        </dl>
      </header>
      {incident.impact && <p className="text-sm break-words whitespace-pre-wrap">{incident.impact}</p>}
    </>
  );
}
