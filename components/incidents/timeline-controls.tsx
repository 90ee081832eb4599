"use client";
// The timeline's view controls: a toggle button per category, the order, and the switch to the full
// flat list. Native buttons with aria-pressed / role="switch", so keyboard and screen readers get
// them for free.
import { useSyncExternalStore } from "react";
import { CATEGORY_LABELS, TIMELINE_CATEGORIES, type TimelineCategory } from "@/lib/incidents/group-timeline-categories";

export type TimelineOrder = "oldest" | "newest";

const SMALL = "(max-width: 639px)";
function subscribeSmall(onChange: () => void) {
  const mq = window.matchMedia(SMALL);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}
/** A phone-sized viewport (below Tailwind's `sm`); false on the server. */
export function useSmallScreen(): boolean {
  return useSyncExternalStore(
    subscribeSmall,
    () => window.matchMedia(SMALL).matches,
    () => false,
  );
}

const toggle =
  "rounded-full border px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-60";
const on = "border-blue-600 bg-blue-600 text-white dark:border-blue-400 dark:bg-blue-500 dark:text-zinc-950";
const off = "border-zinc-300 bg-white text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200";

export function TimelineControls({
  shown,
  counts,
  onToggle,
  order,
  onOrder,
  all,
  onAll,
}: {
  shown: ReadonlySet<TimelineCategory>;
  counts: Record<TimelineCategory, number>;
  onToggle: (c: TimelineCategory) => void;
  order: TimelineOrder;
  onOrder: (o: TimelineOrder) => void;
  all: boolean;
  onAll: (all: boolean) => void;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-2">
      <div role="group" aria-label="Show events of kind" className="flex flex-wrap gap-1.5">
        {TIMELINE_CATEGORIES.map((c) => (
          <button
            key={c}
            type="button"
            aria-pressed={all || shown.has(c)}
            disabled={all}
            title={CATEGORY_LABELS[c].hint}
            className={`${toggle} ${all || shown.has(c) ? on : off}`}
            onClick={() => onToggle(c)}
            data-category={c}
          >
            {CATEGORY_LABELS[c].label} <span className="tabular-nums">({counts[c]})</span>
          </button>
        ))}
      </div>
      <button
        type="button"
        aria-pressed={order === "newest"}
        className={`${toggle} ${order === "newest" ? on : off}`}
        onClick={() => onOrder(order === "newest" ? "oldest" : "newest")}
      >
        Newest first
      </button>
      <button
        type="button"
        role="switch"
        aria-checked={all}
        className="inline-flex items-center gap-2 rounded text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        onClick={() => onAll(!all)}
      >
        <span
          aria-hidden
          className={`relative inline-block h-4 w-7 rounded-full transition-colors ${all ? "bg-blue-600 dark:bg-blue-500" : "bg-zinc-300 dark:bg-zinc-700"}`}
        >
          <span
            className={`absolute top-0.5 h-3 w-3 rounded-full bg-white transition-all ${all ? "left-3.5" : "left-0.5"}`}
          />
        </span>
        Show all events
      </button>
    </div>
  );
}
