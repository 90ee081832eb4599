// The default checklists, from the rollback runbook. Seeded into ChecklistTemplate (editable there);
// also the fallback when no templates exist, so an incident never starts without a checklist.
import type { Phase } from "@/lib/checklists/phases";

export const RUNBOOK_CHECKLIST: Record<Phase, string[]> = {
  immediate: [
    "Declare the incident, set severity and name the incident commander",
    "Open the incident channel and post the first internal update",
    "Identify the last change (deploy, config, flag, migration) and its time",
    "Decide: roll back, roll forward or mitigate; record the decision on the timeline",
    "Freeze further deploys to the affected service",
    "Capture evidence before rolling back (logs, pod state, metrics snapshot)",
    "Roll back and watch the rollout to completion",
    "Verify: pods on the known-good image, health endpoints, error rate, smoke tests",
    "Post the first customer notice if users are affected",
  ],
  short_term: [
    "Confirm error rate, latency and business metrics are back to baseline",
    "Check for data written by the bad version (corruption, partial writes, queued jobs)",
    "Reconcile or replay affected data; record any data loss",
    "Estimate the customer and revenue impact",
    "Keep notices on their update cadence until resolved; publish the resolution",
    "Lift the deploy freeze with an agreed fix-forward plan",
    "Schedule the post-mortem within 48 hours and invite everyone involved",
  ],
  long_term: [
    "Write the blameless post-mortem: timeline, impact, root cause, what went well and badly",
    "Ship the fix for the root cause through the normal pipeline",
    "Create tracked action items with owners and due dates",
    "Share the post-mortem with stakeholders and the wider engineering group",
    "Review the time to detect, decide and roll back against targets",
  ],
  prevention: [
    "Add or tighten the alert that should have caught this earlier",
    "Add a smoke test that reproduces the failure",
    "Make the rollout safer: canary stage, automatic rollback on the error-rate trigger",
    "Make database migrations backward compatible (expand, then contract)",
    "Put risky changes behind a feature flag with a kill switch",
    "Update the runbook with anything that was missing or wrong",
    "Rehearse the rollback path (game day) for this service",
  ],
};

export function runbookTemplates(): { phase: Phase; text: string; position: number }[] {
  return (Object.entries(RUNBOOK_CHECKLIST) as [Phase, string[]][]).flatMap(([phase, items]) =>
    items.map((text, position) => ({ phase, text, position })),
  );
}
