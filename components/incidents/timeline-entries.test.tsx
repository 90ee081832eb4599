import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { groupTimeline } from "@/lib/incidents/group-timeline";
import type { TimelineEventView } from "@/lib/incidents/timeline";
import { TimelineEntries } from "@/components/incidents/timeline-entries";

let id = 0;
const ev = (kind: string, payload: unknown, message = kind): TimelineEventView => ({
  id: String(++id),
  incidentId: "i",
  kind,
  actor: "Cam Commander",
  message,
  payload,
  createdAt: new Date(Date.UTC(2026, 2, 4, 10, 0, id)).toISOString(),
});
const ref = { actionId: "a1", strategy: "deployment-undo", target: "web" };
const events = [
  ev("note", {}, "502s since the deploy"),
  ev("rollback.started", { actionId: "a1", target: "web" }),
  ev("rollback.running", ref),
  ev("rollback.step", { ...ref, step: "patch", state: "succeeded" }, "patch: succeeded"),
  ev("rollback.progress", { ...ref, step: "rollout", progress: { desired: 4, updated: 2, ready: 1, available: 1 } }),
  ev("rollback.progress", { ...ref, step: "rollout", progress: { desired: 4, updated: 4, ready: 2, available: 2 } }),
];
const render = (list: TimelineEventView[]) =>
  renderToStaticMarkup(<TimelineEntries events={list} grouped={groupTimeline(list)} />);

describe("TimelineEntries", () => {
  it("shows a rollback as one entry: title, state in words, steps, progress bar, its rows one button away", () => {
    const html = render(events);
    expect(html.match(/data-entry="rollback"/g)).toHaveLength(1);
    expect(html).toContain("Rollback · deployment-undo of web");
    expect(html).toContain('data-state="running"');
    expect(html).toMatch(/data-testid="entry-state"[^>]*>Running</);
    expect(html).toContain('aria-valuenow="50"');
    expect(html).toContain("50% — 4 updated, 2 ready, 2/4 available");
    expect(html).toContain('data-step="patch" data-step-state="succeeded"');
    expect(html).toContain('data-step="rollout" data-step-state="running"');
    expect(html).toMatch(/aria-expanded="false"[^>]*>Show its 5 events</);
    // The raw rows are not rendered until expanded; the note is its own row.
    expect(html).not.toContain('data-kind="rollback.progress"');
    expect(html).toContain('data-kind="note"');
  });

  it("offers the five filters as pressed toggle buttons, counting entries, and the full list as a switch", () => {
    const html = render(events);
    for (const [label, n] of [
      ["Changes", 0],
      ["Rollback", 1],
      ["Triggers", 0],
      ["Comms", 0],
      ["Notes", 1],
    ] as const)
      expect(html).toMatch(new RegExp(`aria-pressed="true"[^>]*>${label} <span[^>]*>\\(${n}\\)`));
    expect(html).toMatch(/role="switch" aria-checked="false"[^>]*>.*Show all events/);
    expect(html).toContain('data-order="oldest"');
  });

  it("says when there is nothing yet", () => {
    expect(render([])).toContain("No events yet.");
  });
});
