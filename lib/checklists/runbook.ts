// The default checklists: the rollback runbook's own lists, item for item, in its words and order
// ("Post-Rollback Actions" → Immediate / Short-term / Long-term, and the "Prevention Checklist").
// The runbook is kept beside this file (rollback-runbook.md, a copy of ../shared/seeds/) and
// runbook.test.ts parses it, so an edit on either side without the other fails the tests.
// Seeded into ChecklistTemplate (teams edit them there); also the fallback when no templates exist,
// so an incident never starts without a checklist.
import type { Phase } from "@/lib/checklists/phases";

/** The runbook heading each phase comes from. */
export const RUNBOOK_SECTIONS: Record<Phase, string> = {
  immediate: "Immediate (First 30 minutes)",
  short_term: "Short-term (First 24 hours)",
  long_term: "Long-term (First week)",
  prevention: "Prevention Checklist",
};

export const RUNBOOK_CHECKLIST: Record<Phase, readonly string[]> = {
  immediate: [
    "Confirm system stability",
    "Document timeline of events",
    "Notify stakeholders of resolution",
    "Capture logs and metrics",
    "Update status page",
    "Begin preliminary root cause analysis",
  ],
  short_term: [
    "Conduct incident review meeting",
    "Create detailed incident report",
    "Identify and document root cause",
    "Plan fixes for the issues",
    "Update runbooks with learnings",
    "Test fixes in staging",
  ],
  long_term: [
    "Implement permanent fixes",
    "Add missing tests/monitoring",
    "Conduct blameless post-mortem",
    "Share learnings with team",
    "Update deployment procedures",
    "Plan re-deployment strategy",
  ],
  prevention: [
    "Root cause identified and fixed",
    "Tests added to catch this issue",
    "Monitoring added for this scenario",
    "Deployment process updated",
    "Team trained on lessons learned",
    "Runbook updated with this scenario",
    "Similar risks identified and mitigated",
  ],
};

export function runbookTemplates(): { phase: Phase; text: string; position: number }[] {
  return (Object.entries(RUNBOOK_CHECKLIST) as [Phase, readonly string[]][]).flatMap(([phase, items]) =>
    items.map((text, position) => ({ phase, text, position })),
  );
}
