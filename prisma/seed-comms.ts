// Seeds the runbook's notice templates (and a "resolved" customer notice). Idempotent: existing
// templates, possibly edited by an admin, are left alone.
import type { PrismaClient } from "../lib/generated/prisma/client";
import { DEFAULT_TEMPLATES, type TemplateDraft } from "../lib/comms/default-templates";

const RESOLVED: TemplateDraft = {
  kind: "customer",
  name: "Service restored notice",
  title: "Resolved: {{incident.service}}",
  body: `The disruption affecting **{{incident.service}}** has been resolved.

**Impact:** {{incident.impact}}

**Started:** {{incident.startedAt}}
**Resolved:** {{incident.resolvedAt}}

We are sorry for the disruption. A summary will follow once our review is complete.

_Last updated: {{notice.lastUpdated}}_
`,
};

export async function seedComms(db: PrismaClient) {
  for (const t of [DEFAULT_TEMPLATES.internal, DEFAULT_TEMPLATES.customer, RESOLVED]) {
    await db.noticeTemplate.upsert({ where: { name: t.name }, update: {}, create: t });
  }
}
