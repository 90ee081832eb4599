// Checklist phases and their windows from the incident's declaration. An item is due at
// declaredAt + its phase's window and overdue when still open after that.
export const PHASES = ["immediate", "short_term", "long_term", "prevention"] as const;
export type Phase = (typeof PHASES)[number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const PHASE_INFO: Record<Phase, { label: string; window: string; windowMs: number }> = {
  immediate: { label: "Immediate", window: "first 30 minutes", windowMs: 30 * MIN },
  short_term: { label: "Short term", window: "first 24 hours", windowMs: DAY },
  long_term: { label: "Long term", window: "first week", windowMs: 7 * DAY },
  // The runbook's prevention work is follow-up, tracked to the usual 30-day action-item deadline.
  prevention: { label: "Prevention", window: "within 30 days", windowMs: 30 * DAY },
};

export function dueAt(declaredAt: Date, phase: Phase): Date {
  return new Date(declaredAt.getTime() + PHASE_INFO[phase].windowMs);
}

export function isOverdue(item: { dueAt: Date | null; doneAt: Date | null }, now: Date): boolean {
  return !item.doneAt && item.dueAt !== null && item.dueAt.getTime() < now.getTime();
}
