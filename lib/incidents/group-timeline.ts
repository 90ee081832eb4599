// The timeline as people read it: the events of one rollback run (rollback.* of one actionId) are
// one entry that grows, a verification run (verify.* of one runId) another, and every other event
// is its own entry. Built one event at a time (appendToTimeline), since the live stream appends;
// nothing is dropped: every event is in exactly one entry, in the order it arrived.
// Pure and client-safe: the page and the live stream fold with it alike.
import { parseEvent, type KnownEvent } from "@/lib/incidents/events";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { applyEvent, type RunState } from "@/lib/verify/run-state";
import { categoryOf, type TimelineCategory } from "@/lib/incidents/group-timeline-categories";

/** A rollback's state as the timeline has told it (the states of RollbackAction). */
export type RollbackRunState = "planned" | "awaiting_approval" | "running" | "succeeded" | "failed" | "cancelled";
export const ROLLBACK_STATE_WORDS: Record<RollbackRunState, string> = {
  planned: "Planned",
  awaiting_approval: "Awaiting approval",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};
const TERMINAL: readonly RollbackRunState[] = ["succeeded", "failed", "cancelled"];

export type RolloutProgress = { desired: number; updated: number; ready: number; available: number };
export type StepState = "running" | "succeeded" | "failed" | "skipped" | "cancelled";
export type RollbackStepView = { name: string; state: StepState; progress: RolloutProgress | null };

type EntryBase = {
  key: string;
  category: TimelineCategory;
  /** Its events, oldest first. */
  events: TimelineEventView[];
};
export type RollbackEntry = EntryBase & {
  type: "rollback";
  actionId: string;
  strategy: string | null;
  target: string | null;
  state: RollbackRunState;
  cancelRequested: boolean;
  /** Succeeded with nothing to change (rollback.skipped). */
  nothingToDo: boolean;
  steps: RollbackStepView[];
  checks: { name: string; ok: boolean }[];
  /** The latest rollback.progress. */
  progress: RolloutProgress | null;
};
export type VerificationEntry = EntryBase & { type: "verification"; runId: string; run: RunState | null };
export type EventEntry = EntryBase & { type: "event"; event: TimelineEventView };
export type TimelineEntry = RollbackEntry | VerificationEntry | EventEntry;

export type GroupedTimeline = {
  /** In the order each entry's first event arrived. */
  entries: TimelineEntry[];
  /** Where each grouped entry (rollback, verification) sits in `entries`. */
  at: Record<string, number>;
};

export const EMPTY_TIMELINE: GroupedTimeline = { entries: [], at: {} };

type RollbackEvent = Extract<KnownEvent, { kind: `rollback.${string}` }>;
type VerifyEvent = Extract<KnownEvent, { kind: `verify.${string}` }>;

function isRollbackEvent(e: { kind: string }): e is RollbackEvent {
  return e.kind.startsWith("rollback.");
}
function isVerifyEvent(e: { kind: string }): e is VerifyEvent {
  return e.kind.startsWith("verify.");
}

/** Percent done: replicas both updated and available, of those desired; 100 once succeeded (as the rollback panel counts). */
export function percentDone(entry: Pick<RollbackEntry, "state" | "progress">): number {
  if (entry.state === "succeeded") return 100;
  const p = entry.progress;
  if (!p || p.desired <= 0) return 0;
  return Math.min(100, Math.round((100 * Math.min(p.updated, p.available)) / p.desired));
}

function newRollback(actionId: string, ev: TimelineEventView): RollbackEntry {
  return {
    type: "rollback",
    key: `rollback:${actionId}`,
    category: categoryOf(ev.kind),
    events: [],
    actionId,
    strategy: null,
    target: null,
    state: "planned",
    cancelRequested: false,
    nothingToDo: false,
    steps: [],
    checks: [],
    progress: null,
  };
}

function withStep(steps: RollbackStepView[], name: string, change: Partial<RollbackStepView>): RollbackStepView[] {
  const i = steps.findIndex((s) => s.name === name);
  if (i < 0) return [...steps, { name, state: "running", progress: null, ...change }];
  return steps.map((s, j) => (j === i ? { ...s, ...change } : s));
}

/** A run that ended leaves no step running: a step whose last record was progress ends with the run. */
function ended(entry: RollbackEntry, state: RollbackRunState): RollbackEntry {
  const stepEnd: StepState = state === "succeeded" ? "succeeded" : state === "failed" ? "failed" : "cancelled";
  return {
    ...entry,
    state,
    steps: entry.steps.map((s) => (s.state === "running" ? { ...s, state: stepEnd } : s)),
  };
}

function foldRollback(entry: RollbackEntry, e: RollbackEvent): RollbackEntry {
  const p = e.payload as Partial<Record<"strategy" | "target", string>>;
  let next: RollbackEntry = {
    ...entry,
    strategy: entry.strategy ?? p.strategy ?? null,
    target: entry.target ?? p.target ?? null,
  };
  const done = TERMINAL.includes(entry.state);
  switch (e.kind) {
    case "rollback.awaiting_approval":
      return done ? next : { ...next, state: "awaiting_approval" };
    case "rollback.started":
    case "rollback.running":
    case "rollback.resumed":
      return done ? next : { ...next, state: "running" };
    case "rollback.cancel_requested":
      if (done) return next;
      // Before it ran, a cancel ends it; a running one stops at its next step and says so.
      return entry.state === "running" ? { ...next, cancelRequested: true } : ended(next, "cancelled");
    case "rollback.step":
      return { ...next, steps: withStep(next.steps, e.payload.step, { state: e.payload.state }) };
    case "rollback.progress":
      next = { ...next, progress: { ...e.payload.progress } };
      return { ...next, steps: withStep(next.steps, e.payload.step, { progress: { ...e.payload.progress } }) };
    case "rollback.check":
      return { ...next, checks: [...next.checks, { name: e.payload.check, ok: e.payload.ok }] };
    case "rollback.succeeded":
      return ended(next, "succeeded");
    case "rollback.skipped":
      return { ...ended(next, "succeeded"), nothingToDo: true };
    case "rollback.failed":
      return ended(next, "failed");
    case "rollback.cancelled":
      return ended(next, "cancelled");
    default: // planned, approved, capture: recorded in the entry's events, no change of state
      return next;
  }
}

/** The entry an event belongs to, by its key. */
function keyOf(ev: TimelineEventView, parsed: ReturnType<typeof parseEvent<TimelineEventView>>): string {
  if (isRollbackEvent(parsed)) return `rollback:${parsed.payload.actionId}`;
  if (isVerifyEvent(parsed)) return `verify:${parsed.payload.runId}`;
  return `event:${ev.id}`;
}

/** Adds one event (the next by id) to the timeline; returns a new timeline, the old one unchanged. */
export function appendToTimeline(timeline: GroupedTimeline, ev: TimelineEventView): GroupedTimeline {
  const parsed = parseEvent(ev);
  const key = keyOf(ev, parsed);
  const i = timeline.at[key];
  const current = i === undefined ? undefined : timeline.entries[i];
  let entry: TimelineEntry;
  if (isRollbackEvent(parsed)) {
    const base = current?.type === "rollback" ? current : newRollback(parsed.payload.actionId, ev);
    entry = { ...foldRollback(base, parsed), events: [...base.events, ev] };
  } else if (isVerifyEvent(parsed)) {
    const base: VerificationEntry =
      current?.type === "verification"
        ? current
        : {
            type: "verification",
            key,
            category: categoryOf(ev.kind),
            events: [],
            runId: parsed.payload.runId,
            run: null,
          };
    entry = { ...base, run: applyEvent(base.run, ev), events: [...base.events, ev] };
  } else {
    entry = { type: "event", key, category: categoryOf(ev.kind), events: [ev], event: ev };
  }
  if (i === undefined) {
    const entries = [...timeline.entries, entry];
    return entry.type === "event"
      ? { ...timeline, entries }
      : { entries, at: { ...timeline.at, [key]: entries.length - 1 } };
  }
  const entries = timeline.entries.slice();
  entries[i] = entry;
  return { ...timeline, entries };
}

export function groupTimeline(events: readonly TimelineEventView[]): GroupedTimeline {
  return events.reduce(appendToTimeline, EMPTY_TIMELINE);
}

/** The id of an entry's newest event (what "newest first" sorts by). */
export function lastEventId(entry: TimelineEntry): bigint {
  return BigInt(entry.events[entry.events.length - 1].id);
}
