"use client";
// The timeline's list: grouped entries (a rollback, a verification: one entry each) filtered by
// category, or with "Show all events" every event as recorded, unfiltered. On a phone the newest
// comes first: the list's order itself changes (not CSS `order`), so the keyboard and a screen
// reader meet entries in the order they are seen; an entry's place in "newest first" is its latest
// event, so a running rollback stays on top while it moves. Anyone may flip the order by hand.
import { useMemo, useState } from "react";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { lastEventId, type GroupedTimeline, type TimelineEntry } from "@/lib/incidents/group-timeline";
import { TIMELINE_CATEGORIES, type TimelineCategory } from "@/lib/incidents/group-timeline-categories";
import { TimelineItem } from "@/components/incidents/timeline-item";
import { TimelineRollbackEntry } from "@/components/incidents/timeline-rollback-entry";
import { TimelineVerificationEntry } from "@/components/incidents/timeline-verification-entry";
import { TimelineControls, useSmallScreen, type TimelineOrder } from "@/components/incidents/timeline-controls";

function Entry({ entry }: { entry: TimelineEntry }) {
  switch (entry.type) {
    case "rollback":
      return <TimelineRollbackEntry entry={entry} />;
    case "verification":
      return <TimelineVerificationEntry entry={entry} />;
    case "event":
      return <TimelineItem event={entry.event} />;
  }
}

export function TimelineEntries({ events, grouped }: { events: TimelineEventView[]; grouped: GroupedTimeline }) {
  const [hidden, setHidden] = useState<ReadonlySet<TimelineCategory>>(new Set());
  const [chosenOrder, setChosenOrder] = useState<TimelineOrder | null>(null);
  const [all, setAll] = useState(false);
  const small = useSmallScreen();
  const order = chosenOrder ?? (small ? "newest" : "oldest");

  const counts = useMemo(() => {
    const c = Object.fromEntries(TIMELINE_CATEGORIES.map((k) => [k, 0])) as Record<TimelineCategory, number>;
    for (const e of grouped.entries) c[e.category]++;
    return c;
  }, [grouped]);
  const entries = useMemo(() => {
    const shown = grouped.entries.filter((e) => !hidden.has(e.category));
    return order === "newest" ? shown.sort((a, b) => (lastEventId(b) > lastEventId(a) ? 1 : -1)) : shown;
  }, [grouped, hidden, order]);
  const rows = useMemo(() => (order === "newest" ? [...events].reverse() : events), [events, order]);
  const filteredOut = grouped.entries.length - entries.length;

  const toggle = (c: TimelineCategory) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(c)) next.add(c);
      return next;
    });

  return (
    <div>
      <TimelineControls
        shown={new Set(TIMELINE_CATEGORIES.filter((c) => !hidden.has(c)))}
        counts={counts}
        onToggle={toggle}
        order={order}
        onOrder={setChosenOrder}
        all={all}
        onAll={setAll}
      />
      <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="timeline-summary">
        {all
          ? `Every event as recorded: ${events.length}.`
          : filteredOut > 0
            ? `${filteredOut} ${filteredOut === 1 ? "entry" : "entries"} hidden by the filters.`
            : ""}
      </p>
      <ol
        className="space-y-2"
        aria-label="Incident timeline"
        data-testid="timeline"
        data-view={all ? "all" : "grouped"}
        data-order={order}
      >
        {all
          ? rows.map((e) => <TimelineItem key={e.id} event={e} />)
          : entries.map((e) => <Entry key={e.key} entry={e} />)}
      </ol>
      {events.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No events yet.</p>}
    </div>
  );
}
