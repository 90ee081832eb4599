import "server-only";
// An incident's checklist: created from the templates the first time anyone looks at it (a
// transaction-scoped advisory lock makes two first viewers create it once), then read with owners.
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { dueAt, isOverdue, PHASES, type Phase } from "@/lib/checklists/phases";
import { runbookTemplates } from "@/lib/checklists/runbook";

export async function ensureChecklist(incidentId: string): Promise<void> {
  if ((await db.checklistItem.count({ where: { incidentId } })) > 0) return;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`checklist:${incidentId}`}))`;
    if ((await tx.checklistItem.count({ where: { incidentId } })) > 0) return;
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { declaredAt: true } });
    if (!incident) return;
    const stored = await tx.checklistTemplate.findMany({ orderBy: [{ phase: "asc" }, { position: "asc" }] });
    const templates = stored.length ? stored : runbookTemplates();
    await tx.checklistItem.createMany({
      data: templates.map((t) => ({
        incidentId,
        phase: t.phase,
        text: t.text,
        position: t.position,
        dueAt: dueAt(incident.declaredAt, t.phase),
      })),
    });
  });
}

export type ChecklistItemView = {
  id: string;
  phase: Phase;
  text: string;
  ownerId: string | null;
  ownerName: string | null;
  dueAt: string | null;
  doneAt: string | null;
  doneByName: string | null;
  overdue: boolean;
};

export async function loadChecklist(incidentId: string, now = new Date()): Promise<ChecklistItemView[]> {
  const items = await db.checklistItem.findMany({
    where: { incidentId },
    orderBy: [{ phase: "asc" }, { position: "asc" }],
  });
  const userIds = [...new Set(items.flatMap((i) => [i.ownerId, i.doneById]).filter((x): x is string => !!x))];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  return items
    .sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.position - b.position)
    .map((i) => ({
      id: i.id,
      phase: i.phase,
      text: i.text,
      ownerId: i.ownerId,
      ownerName: i.ownerId ? (users.get(i.ownerId) ?? null) : null,
      dueAt: i.dueAt?.toISOString() ?? null,
      doneAt: i.doneAt?.toISOString() ?? null,
      doneByName: i.doneById ? (users.get(i.doneById) ?? null) : null,
      overdue: isOverdue(i, now),
    }));
}

/** People who can own an item: everyone who may tick it (the system user is nobody's owner). */
export function assignableUsers() {
  return db.user.findMany({
    where: { role: { in: ["responder", "commander", "admin"] }, id: { not: SYSTEM_USER_ID } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
