import "server-only";
// Everything the post-mortem draft is made of, read in one place for the page and the export.
import { db } from "@/lib/db";
import { isKind } from "@/lib/incidents/events";
import { buildPostMortem, MAX_TIMELINE_ROWS, type PostMortemData } from "@/lib/postmortem/document";
import { loadIncidentMetrics } from "@/lib/postmortem/queries";

const outcomeOf = (result: unknown): string | null => {
  const m = result && typeof result === "object" ? (result as Record<string, unknown>).message : null;
  return typeof m === "string" ? m : null;
};

export async function loadPostMortemData(incidentId: string): Promise<PostMortemData | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    include: { service: { select: { name: true } }, declaredBy: { select: { name: true } } },
  });
  const loaded = await loadIncidentMetrics(incidentId);
  if (!incident || !loaded) return null;
  const [events, actions, artifacts, checklist] = await Promise.all([
    db.timelineEvent.findMany({
      where: { incidentId },
      orderBy: { id: "asc" },
      take: MAX_TIMELINE_ROWS + 1,
      select: { createdAt: true, actor: true, kind: true, message: true },
    }),
    db.rollbackAction.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } }),
    db.artifact.findMany({
      where: { incidentId },
      orderBy: { createdAt: "asc" },
      select: { name: true, kind: true, size: true, createdAt: true },
    }),
    db.checklistItem.findMany({ where: { incidentId }, orderBy: [{ phase: "asc" }, { position: "asc" }] }),
  ]);
  const ownerIds = [...new Set(checklist.map((c) => c.ownerId).filter((x): x is string => !!x))];
  const owners = new Map(
    (await db.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  return {
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      impact: incident.impact,
      service: incident.service?.name ?? null,
      declaredAt: incident.declaredAt,
      declaredBy: incident.declaredBy?.name ?? null,
      resolvedAt: incident.resolvedAt,
    },
    metrics: loaded.metrics,
    events,
    actions: actions.map((a) => ({
      strategy: a.strategy,
      target: a.target,
      state: a.state,
      requestedBy: a.requestedBy,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      error: a.error,
      outcome: outcomeOf(a.result),
    })),
    artifacts,
    checklist: checklist.map((c) => ({
      phase: c.phase,
      text: c.text,
      doneAt: c.doneAt,
      owner: c.ownerId ? (owners.get(c.ownerId) ?? null) : null,
    })),
    verifications: events
      .filter((e) => isKind(e.kind, "verify.passed", "verify.failed"))
      .map((e) => ({ at: e.createdAt, passed: isKind(e.kind, "verify.passed"), message: e.message })),
  };
}

/** The saved document, else the draft pre-filled from the incident; null when there is no incident. */
export async function postMortemMarkdown(
  incidentId: string,
): Promise<{ title: string; markdown: string; saved: boolean; draft: string } | null> {
  const data = await loadPostMortemData(incidentId);
  if (!data) return null;
  const saved = await db.postMortem.findUnique({ where: { incidentId }, select: { body: true } });
  const draft = buildPostMortem(data);
  return { title: data.incident.title, markdown: saved?.body ?? draft, saved: Boolean(saved), draft };
}
