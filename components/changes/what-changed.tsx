// What changed on the incident's service in the hour before impact started, the likely culprit
// first, each with "Roll back this change" (opens the planner pre-filled: the rollback panel reads
// the URL). Every role that may read the incident sees the changes; the link needs rollback rights.
// A Helm revision shows as `helm history` names it: release, revision, chart, status.
import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { helmRevisionFacts } from "@/lib/changes/helm-details";
import { incidentChanges } from "@/lib/changes/queries";
import { formatUtc } from "@/lib/format/date";
import { can } from "@/lib/permissions";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export async function WhatChanged({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const data = await incidentChanges(incidentId);
  if (!data?.service) return null;
  const mayRollBack = can(user.role, "rollback.start");
  const window = `${formatUtc(data.from, { seconds: false, zone: false })} – ${formatUtc(data.to, { date: false, seconds: false })}`;
  return (
    <Card title="What changed">
      <p className="mb-2 text-xs text-zinc-500">
        Changes to {data.service.name} in the hour before impact started ({window}).
      </p>
      {data.changes.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="no-changes">
          No change was recorded on {data.service.name} in that hour.
        </p>
      ) : (
        <ol className="space-y-2" aria-label="Changes before impact, likely culprit first">
          {data.changes.map((c) => (
            <li
              key={c.id}
              data-testid="change"
              data-culprit={c.culprit || undefined}
              className={`rounded-md border p-3 text-sm ${c.culprit ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40" : "border-zinc-200 dark:border-zinc-800"}`}
            >
              <div className="flex flex-wrap items-center gap-2">
                {c.culprit && <Badge tone="investigating">Likely culprit</Badge>}
                <Badge tone="neutral">{c.kindLabel}</Badge>
                {c.fromDashboard && <Badge tone="monitoring">By this dashboard</Badge>}
                <time dateTime={c.occurredAt} className="text-xs text-zinc-500">
                  {formatUtc(c.occurredAt)} · {c.minutesBefore === 0 ? "at impact" : `${c.minutesBefore} min before`}
                </time>
              </div>
              <p className="mt-1 break-words font-mono text-xs">{c.summary}</p>
              {c.helm && (
                <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="helm-revision">
                  {helmRevisionFacts(c.helm).map((f) => (
                    <div key={f.label} className="flex gap-1">
                      <dt className="text-zinc-500">{f.label}</dt>
                      <dd className="font-medium">{f.value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {(c.changeCause || c.actor) && (
                <p className="mt-1 break-words text-xs text-zinc-600 dark:text-zinc-400">
                  {c.changeCause && (
                    <>
                      {c.helm ? "Helm" : "Change-cause"}: {c.changeCause}.{" "}
                    </>
                  )}
                  {c.actor && <>By {c.actor}.</>}
                </p>
              )}
              {mayRollBack && c.rollbackSearch && (
                <Link
                  href={`/incidents/${incidentId}?${c.rollbackSearch}#rollback-heading`}
                  className="mt-2 inline-block rounded text-sm font-medium text-red-700 underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 dark:text-red-300"
                  aria-label={`Roll back this change: ${c.rollbackLabel}`}
                >
                  Roll back this change
                </Link>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
