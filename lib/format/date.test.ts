import { describe, expect, it } from "vitest";
import { formatRelative, formatUtc } from "./date";

const at = new Date(Date.UTC(2026, 10, 26, 14, 5, 9, 123));

describe("formatUtc", () => {
  it("is UTC in ISO order, to the second, by default", () => {
    expect(formatUtc(at)).toBe("2026-11-26 14:05:09 UTC");
  });

  it("takes a Date, epoch milliseconds or an ISO string alike", () => {
    expect(formatUtc(at.getTime())).toBe("2026-11-26 14:05:09 UTC");
    expect(formatUtc(at.toISOString())).toBe("2026-11-26 14:05:09 UTC");
    expect(formatUtc("2026-11-26T14:05:09Z")).toBe("2026-11-26 14:05:09 UTC");
  });

  it("has the shorter forms the pages use", () => {
    expect(formatUtc(at, { seconds: false })).toBe("2026-11-26 14:05 UTC");
    expect(formatUtc(at, { date: false })).toBe("14:05:09 UTC");
    expect(formatUtc(at, { date: false, seconds: false })).toBe("14:05 UTC");
    expect(formatUtc(at, { date: "month-day", seconds: false })).toBe("11-26 14:05 UTC");
    expect(formatUtc(at, { date: false, zone: false })).toBe("14:05:09");
    expect(formatUtc(at, { time: false, zone: false })).toBe("2026-11-26");
  });

  it("returns text that is not a time as it is, instead of throwing in a page", () => {
    expect(formatUtc("not a time")).toBe("not a time");
  });
});

describe("formatRelative", () => {
  const now = at.getTime();
  it("reads minutes, hours and days ago", () => {
    expect(formatRelative(now - 20_000, now)).toBe("less than a minute ago");
    expect(formatRelative(now - 3 * 60_000 - 5_000, now)).toBe("3 min ago");
    expect(formatRelative(now - 60 * 60_000, now)).toBe("1 h ago");
    expect(formatRelative(now - 125 * 60_000, now)).toBe("2 h 5 min ago");
    expect(formatRelative(now - 50 * 3600_000, now)).toBe("2 d ago");
  });

  it("takes the same inputs as formatUtc, and says 'just now' for a time a skewed clock puts ahead", () => {
    expect(formatRelative(new Date(now - 3 * 60_000).toISOString(), new Date(now))).toBe("3 min ago");
    expect(formatRelative(now + 2_000, now)).toBe("just now");
    expect(formatRelative("not a time", now)).toBe("");
  });
});
