// What the timeline's filters sort events into. Every catalogued kind names its category here, in
// a Record over EventKind: a new kind that forgot its category fails to compile. Rows whose kind
// left the catalog fall under notes ("other"), so a filter never makes one unreachable.
// Client-safe: no server imports.
import { isEventKind, type EventKind } from "@/lib/incidents/events";

export const TIMELINE_CATEGORIES = ["changes", "rollback", "triggers", "comms", "notes"] as const;
export type TimelineCategory = (typeof TIMELINE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<TimelineCategory, { label: string; hint: string }> = {
  changes: { label: "Changes", hint: "deploys and other changes to the service" },
  rollback: { label: "Rollback", hint: "rollbacks, their verification and GitOps holds" },
  triggers: { label: "Triggers", hint: "detection: trigger rules, alerts, the declaration" },
  comms: { label: "Comms", hint: "published notices and their deliveries" },
  notes: { label: "Notes", hint: "notes, status, checklists, metrics and anything else" },
};

const CATEGORY_OF: Record<EventKind, TimelineCategory> = {
  "incident.declared": "triggers",
  "incident.status": "notes",
  note: "notes",
  "metrics.updated": "notes",
  "postmortem.saved": "notes",
  "checklist.done": "notes",
  "checklist.reopened": "notes",
  "checklist.assigned": "notes",

  "deploy.finished": "changes",

  // A hold keeps the reconciler from undoing a rollback: part of the rollback's story.
  "gitops.held": "rollback",
  "gitops.released": "rollback",
  // Deleting a StatefulSet's stuck pods finishes a rollback that OrderedReady blocks.
  "workload.stuck_pods_deleted": "rollback",

  "trigger.fired": "triggers",
  "trigger.resolved": "triggers",
  "trigger.unknown": "triggers",
  "trigger.recovered": "triggers",
  "trigger.manual": "triggers",
  "trigger.rollback_proposed": "triggers",
  "trigger.rollback_skipped": "triggers",
  "trigger.rollback_failed": "triggers",

  "rollback.planned": "rollback",
  "rollback.started": "rollback",
  "rollback.awaiting_approval": "rollback",
  "rollback.approved": "rollback",
  "rollback.cancel_requested": "rollback",
  "rollback.running": "rollback",
  "rollback.resumed": "rollback",
  "rollback.capture": "rollback",
  "rollback.step": "rollback",
  "rollback.progress": "rollback",
  "rollback.check": "rollback",
  "rollback.succeeded": "rollback",
  "rollback.skipped": "rollback",
  "rollback.failed": "rollback",
  "rollback.cancelled": "rollback",

  "verify.started": "rollback",
  "verify.check": "rollback",
  "verify.passed": "rollback",
  "verify.failed": "rollback",

  "notice.published": "comms",
  "comms.settings": "comms",
  "comms.webhook.retry": "comms",
  "comms.webhook.delivered": "comms",
  "comms.webhook.failed": "comms",
};

/** The filter an event's kind falls under; a kind not (or no longer) in the catalog is a note. */
export function categoryOf(kind: string): TimelineCategory {
  return isEventKind(kind) ? CATEGORY_OF[kind] : "notes";
}

export function isTimelineCategory(value: string): value is TimelineCategory {
  return (TIMELINE_CATEGORIES as readonly string[]).includes(value);
}
