// The runbook's two notices, as the templates a fresh install starts from (seeded into
// NoticeTemplate; used as-is when the table has none of a kind). Admins edit them at /admin/templates.
import type { NoticeKind } from "@/lib/generated/prisma/enums";

export type TemplateDraft = { kind: NoticeKind; name: string; title: string; body: string };

export const DEFAULT_TEMPLATES: Record<NoticeKind, TemplateDraft> = {
  internal: {
    kind: "internal",
    name: "Production rollback in progress",
    title: "PRODUCTION ROLLBACK IN PROGRESS: {{incident.title}}",
    body: `**PRODUCTION ROLLBACK IN PROGRESS**

- **Severity:** {{incident.severity}}
- **Service:** {{incident.service}}
- **Time detected:** {{incident.detectedAt}}
- **Rollback started:** {{rollback.startedAt}}
- **Status:** {{incident.status}}

**Impact:** {{incident.impact}}

**Issue:** {{incident.title}}

**Actions taken:**
{{rollback.actions}}

**Next steps:**
- Verify error rate and latency are back to baseline
- Confirm the rolled-back version is serving everywhere
- Next update by {{incident.nextUpdateAt}}

**War room:** {{links.warRoom}}
**Incident doc:** {{links.incidentDoc}}
**Command center:** {{incident.url}}
`,
  },
  customer: {
    kind: "customer",
    name: "Service disruption notice",
    title: "Service Disruption Notice: {{incident.service}}",
    body: `We are experiencing a disruption affecting **{{incident.service}}**.

**Impact:** {{incident.impact}}

**Started:** {{incident.startedAt}}

**Expected resolution:** {{incident.expectedResolution}}

We will post updates {{incident.updateCadence}} on {{status.url}}.

_Last updated: {{notice.lastUpdated}}_
`,
  },
};
