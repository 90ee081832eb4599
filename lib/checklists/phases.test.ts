import { describe, expect, it } from "vitest";
import { dueAt, isOverdue } from "./phases";

const declared = new Date("2026-03-01T10:00:00Z");

describe("checklist due times", () => {
  it("adds each phase's window to the declaration time", () => {
    expect(dueAt(declared, "immediate").toISOString()).toBe("2026-03-01T10:30:00.000Z");
    expect(dueAt(declared, "short_term").toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(dueAt(declared, "long_term").toISOString()).toBe("2026-03-08T10:00:00.000Z");
    expect(dueAt(declared, "prevention").toISOString()).toBe("2026-03-31T10:00:00.000Z");
  });
  it("is overdue only when open past its due time", () => {
    const due = dueAt(declared, "immediate");
    expect(isOverdue({ dueAt: due, doneAt: null }, new Date("2026-03-01T10:29:59Z"))).toBe(false);
    expect(isOverdue({ dueAt: due, doneAt: null }, new Date("2026-03-01T10:30:01Z"))).toBe(true);
    expect(isOverdue({ dueAt: due, doneAt: new Date("2026-03-01T11:00:00Z") }, new Date("2026-03-02T00:00:00Z"))).toBe(
      false,
    );
    expect(isOverdue({ dueAt: null, doneAt: null }, new Date("2030-01-01T00:00:00Z"))).toBe(false);
  });
});
