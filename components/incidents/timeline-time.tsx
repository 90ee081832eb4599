"use client";
// An event's time, absolute (UTC, as every page writes it) and relative ("3 min ago"), the relative
// part ticking on one shared clock. The server renders only the absolute time: a relative one
// would be stale, or differ from the browser's, by the time the page hydrates.
import { useSyncExternalStore } from "react";
import { formatRelative, formatUtc } from "@/lib/format/date";

const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every 15 s; null while server-rendering and hydrating. */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
}

export function EventTime({ at, label }: { at: string; label?: string }) {
  const current = useNow();
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1">
      {label && <span>{label}</span>}
      <time dateTime={at} title={formatUtc(at)}>
        {formatUtc(at, { date: false })}
      </time>
      {current !== null && <span data-testid="relative-time">· {formatRelative(at, current)}</span>}
    </span>
  );
}
