"use client";
// When the next customer update is due, ticking, and loud when it is late.
import { useEffect, useState } from "react";
import { formatUtc } from "@/lib/format/date";

const hm = (iso: string) => formatUtc(iso, { date: false, seconds: false });

export function CadenceStatus({
  dueAt,
  cadenceMin,
  resolved,
  serverNow,
}: {
  dueAt: string;
  cadenceMin: number;
  resolved: boolean;
  serverNow: number;
}) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const t = setInterval(tick, 15_000);
    return () => clearInterval(t);
  }, []);
  if (resolved)
    return (
      <p className="text-sm text-zinc-500" data-testid="cadence-status">
        Resolved: no further customer updates due.
      </p>
    );
  const mins = Math.round((new Date(dueAt).getTime() - now) / 60_000);
  if (mins < 0) {
    return (
      <p
        role="alert"
        data-testid="cadence-status"
        className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      >
        Customer update overdue by {-mins} min (was due {hm(dueAt)}; cadence every {cadenceMin} min).
      </p>
    );
  }
  const soon = mins <= 5;
  return (
    <p
      role="status"
      data-testid="cadence-status"
      className={`rounded-md px-3 py-2 text-sm ${soon ? "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"}`}
    >
      Next customer update due {hm(dueAt)} ({mins < 1 ? "now" : `in ${mins} min`}; every {cadenceMin} min).
    </p>
  );
}
