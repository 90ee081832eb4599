// The one date formatter. Every time a person reads is UTC in ISO order, "2026-11-26 14:05:09 UTC",
// so a timeline, a notice and a chat message about the same minute read the same. Shorter forms
// drop parts of it. No "server-only": client components format with it too.

export type UtcFormat = {
  /** The date in front: the whole "2026-11-26" (default), only "11-26", or none. */
  date?: boolean | "month-day";
  /** The time of day (default); false for a date alone. */
  time?: boolean;
  /** HH:MM:SS (default), or HH:MM. */
  seconds?: boolean;
  /** The " UTC" suffix (default); off where a heading or column already says UTC. */
  zone?: boolean;
};

/** A Date, epoch milliseconds or an ISO string, as UTC text. Text that is not a time is returned as is. */
export function formatUtc(at: Date | string | number, format: UtcFormat = {}): string {
  const { date = true, time = true, seconds = true, zone = true } = format;
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const iso = d.toISOString();
  const parts = [
    date === "month-day" ? iso.slice(5, 10) : date ? iso.slice(0, 10) : "",
    time ? iso.slice(11, seconds ? 19 : 16) : "",
  ];
  return parts.filter(Boolean).join(" ") + (zone ? " UTC" : "");
}

/**
 * How long ago `at` was, seen at `now`: "less than a minute ago", "3 min ago", "2 h 5 min ago",
 * "4 d ago". A time ahead of `now` (clocks a little apart) reads "just now". Beside an absolute
 * UTC time, never instead of one.
 */
export function formatRelative(at: Date | string | number, now: Date | number): string {
  const then = (at instanceof Date ? at : new Date(at)).getTime();
  const ms = (now instanceof Date ? now.getTime() : now) - then;
  if (Number.isNaN(ms)) return "";
  if (ms < 0) return "just now";
  const min = Math.floor(ms / 60_000);
  if (min < 1) return "less than a minute ago";
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min ago` : `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
