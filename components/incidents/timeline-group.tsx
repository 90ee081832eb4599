"use client";
// The frame of a grouped entry (a rollback run, a verification run): its header, what it says
// now, and its raw rows one button away. A native button, so Enter and Space expand it.
import { useId, useState, type ReactNode } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { EventTime } from "@/components/incidents/timeline-time";
import { TimelineItem } from "@/components/incidents/timeline-item";

export function TimelineGroup({
  entry,
  title,
  state,
  stateWords,
  tone,
  testId,
  children,
}: {
  entry: { key: string; type: string; events: TimelineEventView[] };
  title: string;
  state: string;
  stateWords: string;
  tone: { border: string; text: string };
  testId: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const rowsId = useId();
  const first = entry.events[0];
  const last = entry.events[entry.events.length - 1];
  const actors = [...new Set(entry.events.map((e) => e.actor))];
  const n = entry.events.length;
  return (
    <li
      className={`rounded-r border-l-4 bg-zinc-50 py-2 pr-2 pl-3 dark:bg-zinc-900/60 ${tone.border}`}
      data-entry={entry.type}
      data-entry-key={entry.key}
      data-state={state}
      data-testid={testId}
    >
      <div className="flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-600 dark:text-zinc-400">
        <EventTime at={first.createdAt} />
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{actors.join(", ")}</span>
      </div>
      <h3 className="flex flex-wrap items-baseline gap-x-2 text-sm font-semibold break-words">
        <span>{title}</span>
        <span className={`text-xs font-semibold uppercase ${tone.text}`} data-testid="entry-state">
          {stateWords}
        </span>
      </h3>
      <p className="text-sm break-words whitespace-pre-wrap" data-testid="entry-latest">
        {last.message}
      </p>
      <div className="mt-2 space-y-2">{children}</div>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 text-xs text-zinc-600 dark:text-zinc-400">
        {n > 1 && <EventTime at={last.createdAt} label="Last update" />}
        <button
          type="button"
          className="rounded px-1 font-medium text-blue-700 underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
          aria-expanded={open}
          aria-controls={rowsId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? `Hide its ${n} events` : `Show its ${n} events`}
        </button>
      </div>
      <ol id={rowsId} hidden={!open} className="mt-2 space-y-2" aria-label={`The ${n} events of: ${title}`}>
        {open && entry.events.map((e) => <TimelineItem key={e.id} event={e} />)}
      </ol>
    </li>
  );
}
