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
