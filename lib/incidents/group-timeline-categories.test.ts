import { describe, expect, it } from "vitest";
import { EVENTS, type EventKind } from "@/lib/incidents/events";
import { categoryOf, TIMELINE_CATEGORIES } from "@/lib/incidents/group-timeline-categories";

describe("categoryOf", () => {
  it("puts each family where the filters say", () => {
    expect(categoryOf("deploy.finished")).toBe("changes");
    expect(categoryOf("rollback.progress")).toBe("rollback");
    expect(categoryOf("verify.check")).toBe("rollback");
    expect(categoryOf("trigger.fired")).toBe("triggers");
    expect(categoryOf("incident.declared")).toBe("triggers");
    expect(categoryOf("notice.published")).toBe("comms");
    expect(categoryOf("comms.webhook.failed")).toBe("comms");
    expect(categoryOf("note")).toBe("notes");
    expect(categoryOf("checklist.done")).toBe("notes");
  });

  it("gives every catalogued kind a category of the filters", () => {
    for (const kind of Object.keys(EVENTS) as EventKind[]) expect(TIMELINE_CATEGORIES).toContain(categoryOf(kind));
  });

  it("files a row whose kind left the catalog under notes, so a filter can always show it", () => {
    expect(categoryOf("rollback.finished")).toBe("notes");
  });
});
