import "server-only";
// The changes the incident page shows: the incident's service, the hour before impact started,
// the likely culprit first (./culprit.ts). Nothing here is secret (images, change-cause, flag
// states, field managers, a Helm revision's chart and status): viewers see it too.
import { db } from "@/lib/db";
import { CHANGE_KINDS, isChangeKind } from "./kinds";
import { WHAT_CHANGED_WINDOW_MS, prefillLabel, prefillSearch, rankChanges, rollbackPrefill } from "./culprit";
import { helmDetailsOf, type HelmChangeDetails } from "./helm-details";

export interface ChangeView {
  id: string;
  kindLabel: string;
  summary: string;
  images: string[];
  changeCause: string | null;
  actor: string | null;
  occurredAt: string;
  fromDashboard: boolean;
  culprit: boolean;
  /** Minutes from the change to impact start. */
  minutesBefore: number;
  /** The planner's URL search for "Roll back this change", or null when nothing can undo it. */
  rollbackSearch: string | null;
  rollbackLabel: string | null;
  /** A Helm release revision: release, revision, chart and status as `helm history` shows them. */
  helm: HelmChangeDetails | null;
}

export interface IncidentChanges {
  /** Null: the incident has no service. */
  service: { id: string; name: string } | null;
  from: string;
  to: string;
  changes: ChangeView[];
}

export async function incidentChanges(incidentId: string): Promise<IncidentChanges | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      impactStartedAt: true,
      detectedAt: true,
      declaredAt: true,
      service: { select: { id: true, name: true } },
    },
  });
  if (!incident) return null;
  const to = incident.impactStartedAt ?? incident.detectedAt ?? incident.declaredAt;
  const from = new Date(to.getTime() - WHAT_CHANGED_WINDOW_MS);
  const base = { from: from.toISOString(), to: to.toISOString() };
  if (!incident.service) return { ...base, service: null, changes: [] };
  const rows = (
    await db.changeEvent.findMany({
      where: { serviceId: incident.service.id, occurredAt: { lte: to } },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      // The window's changes and enough history to name the revision before each.
      take: 500,
    })
  ).map((r) => ({ ...r, id: r.id.toString() }));
  const { culprit, changes } = rankChanges(rows, incident.service.id, to);
  return {
    ...base,
    service: incident.service,
    changes: changes.map((c) => {
      const prefill = c.fromDashboard ? null : rollbackPrefill(c, rows);
      return {
        id: c.id,
        kindLabel: isChangeKind(c.sourceKind) ? CHANGE_KINDS[c.sourceKind].label : c.sourceKind,
        summary: c.summary,
        images: c.images,
        changeCause: c.changeCause,
        actor: c.actor,
        occurredAt: c.occurredAt.toISOString(),
        fromDashboard: c.fromDashboard,
        culprit: c === culprit,
        minutesBefore: Math.max(0, Math.round((to.getTime() - c.occurredAt.getTime()) / 60_000)),
        rollbackSearch: prefill ? prefillSearch(prefill) : null,
        rollbackLabel: prefill ? prefillLabel(prefill) : null,
        helm: c.sourceKind === "HelmRelease" ? helmDetailsOf(c.details) : null,
      };
    }),
  };
}
