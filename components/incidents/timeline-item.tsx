import type { TimelineEventView } from "@/lib/incidents/timeline";

const KIND_TONE: Record<string, string> = {
  note: "border-zinc-300 dark:border-zinc-700",
  "rollback.failed": "border-red-500",
  "rollback.succeeded": "border-green-500",
  "trigger.fired": "border-orange-500",
};

// User text is rendered as text (React escapes it); nothing here is ever set as HTML.
export function TimelineItem({ event }: { event: TimelineEventView }) {
  const tone = KIND_TONE[event.kind] ?? (event.kind.startsWith("rollback") ? "border-blue-500" : "border-zinc-300 dark:border-zinc-700");
  return (
    <li className={`border-l-4 pl-3 ${tone}`} data-event-id={event.id} data-kind={event.kind}>
      <div className="flex flex-wrap items-baseline gap-2 text-xs text-zinc-500">
        <time dateTime={event.createdAt}>{event.createdAt.slice(11, 19)} UTC</time>
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{event.actor}</span>
        <span>{event.kind}</span>
      </div>
      <p className="whitespace-pre-wrap break-words text-sm">{event.message}</p>
    </li>
  );
}
