import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { TimelineItem } from "@/components/incidents/timeline-item";

const event = (kind: string) => ({
  id: "1",
  incidentId: "i",
  kind,
  actor: "Rae",
  message: "Rolled <b>back</b>",
  payload: {},
  createdAt: "2026-03-04T10:00:05.000Z",
});

describe("TimelineItem", () => {
  it("renders an old row whose kind left the catalog like any other, in the neutral tone", () => {
    const html = renderToStaticMarkup(<TimelineItem event={event("rollback.finished")} />);
    expect(html).toContain('data-kind="rollback.finished"');
    expect(html).toContain('data-event-id="1"');
    expect(html).toContain("border-zinc-300");
    expect(html).toContain("Rae");
    expect(html).toContain("Rolled &lt;b&gt;back&lt;/b&gt;");
  });

  it("tones catalogued kinds", () => {
    expect(renderToStaticMarkup(<TimelineItem event={event("rollback.failed")} />)).toContain("border-red-500");
    expect(renderToStaticMarkup(<TimelineItem event={event("rollback.running")} />)).toContain("border-blue-500");
    expect(renderToStaticMarkup(<TimelineItem event={event("verify.passed")} />)).toContain("border-green-500");
  });

  it("server-renders the absolute UTC time, with the full date on hover, and leaves '… ago' to the browser", () => {
    const html = renderToStaticMarkup(<TimelineItem event={event("note")} />);
    expect(html).toContain(
      '<time dateTime="2026-03-04T10:00:05.000Z" title="2026-03-04 10:00:05 UTC">10:00:05 UTC</time>',
    );
    // A relative time rendered on the server would be stale, or differ from the browser's, at hydration.
    expect(html).not.toContain("ago");
  });
});
