import { isEventKind, type EventKind } from "@/lib/incidents/events";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { EventTime } from "@/components/incidents/timeline-time";

const NEUTRAL = "border-zinc-300 dark:border-zinc-700";
const KIND_TONE: Partial<Record<EventKind, string>> = {
  note: NEUTRAL,
  "rollback.failed": "border-red-500",
  "rollback.succeeded": "border-green-500",
  "trigger.fired": "border-orange-500",
  "verify.failed": "border-red-500",
  "verify.passed": "border-green-500",
};

/** An old row whose kind is not in the catalog renders like any other, in the neutral tone. */
function toneOf(kind: string): string {
  if (!isEventKind(kind)) return NEUTRAL;
  return KIND_TONE[kind] ?? (kind.startsWith("rollback.") ? "border-blue-500" : NEUTRAL);
}

// One recorded event, as it was written: what the full list shows, and a grouped entry's rows.
// User text is rendered as text (React escapes it); nothing here is ever set as HTML.
export function TimelineItem({ event }: { event: TimelineEventView }) {
  const tone = toneOf(event.kind);
  return (
    <li className={`border-l-4 pl-3 ${tone}`} data-entry="event" data-event-id={event.id} data-kind={event.kind}>
      <div className="flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-600 dark:text-zinc-400">
        <EventTime at={event.createdAt} />
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{event.actor}</span>
        <span>{event.kind}</span>
      </div>
      <p className="whitespace-pre-wrap break-words text-sm">{event.message}</p>
    </li>
  );
}
