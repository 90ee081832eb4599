// The runbook's checklist templates (lib/checklists/runbook.ts), seeded once: after that they are
// edited in the app, and a re-seed must not bring back items someone removed on purpose.
import type { PrismaClient } from "../lib/generated/prisma/client";
import { runbookTemplates } from "../lib/checklists/runbook";

export async function seedChecklists(db: Pick<PrismaClient, "checklistTemplate">) {
  if ((await db.checklistTemplate.count()) > 0) return;
  await db.checklistTemplate.createMany({ data: runbookTemplates() });
}
