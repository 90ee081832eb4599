import { describe, expect, it } from "vitest";
import { atomFeed, escapeXml } from "@/lib/comms/atom";
import { genericPayload, safeJsonStringify, slackPayload, type OutboundMessage } from "@/lib/comms/payloads";
import { renderMarkdown, toPlainText } from "@/lib/comms/markdown";

const evil =
  "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <!channel> <https://evil|click>";
const message: OutboundMessage = {
  event: "notice.published",
  id: "v1",
  title: "Outage <b>now</b>",
  markdown: evil,
  occurredAt: new Date("2026-11-26T12:00:00Z"),
};

describe("webhook payloads", () => {
  it("Slack: text and blocks escape &, <, > so nothing pings, links or renders", () => {
    const raw = JSON.stringify(slackPayload(message));
    expect(raw).not.toMatch(/<(script|img|!channel|https?:)/i);
    expect(raw).not.toContain("javascript:");
    expect(slackPayload(message).text).toContain("&lt;!channel&gt;");
  });

  it("generic: sanitized html, plain text, and a body with no raw < or >", () => {
    const p = genericPayload(message);
    expect(p.html).not.toMatch(/<(script|img)/i);
    expect(p.html).not.toContain("javascript:");
    const body = safeJsonStringify(p);
    expect(body).not.toMatch(/[<>]/);
    expect(JSON.parse(body)).toEqual(p);
  });
});

describe("Atom feed", () => {
  it("escapes text and HTML content and drops characters XML forbids", () => {
    expect(escapeXml("a<b>&\"'\u0001")).toBe("a&lt;b&gt;&amp;&quot;&apos;");
    const md = `${evil}\u0007`;
    const xml = atomFeed(
      {
        updatedAt: "2026-11-26T12:00:00.000Z",
        overall: "major_outage",
        services: [],
        current: [
          {
            id: "n1",
            title: "Down </title><script>x</script>",
            status: "investigating",
            impact: "major_outage",
            service: null,
            startedAt: "2026-11-26T11:00:00.000Z",
            resolvedAt: null,
            updatedAt: "2026-11-26T12:00:00.000Z",
            updates: [
              {
                version: 1,
                title: "Down </title><script>x</script>",
                html: renderMarkdown(md),
                text: toPlainText(md),
                publishedAt: "2026-11-26T12:00:00.000Z",
              },
            ],
          },
        ],
        history: [],
      },
      "https://rcc.example",
    );
    expect(xml).not.toMatch(/<(script|img)/i);
    expect(xml).not.toContain("\u0007");
    expect(xml).toContain("&lt;/title&gt;&lt;script&gt;");
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });
});
