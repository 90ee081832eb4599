import { describe, expect, it } from "vitest";
import { renderMarkdown, toPlainText } from "@/lib/comms/markdown";

const XSS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<div onclick="alert(1)">hi</div>',
  "<iframe src=https://evil.example></iframe>",
  "<svg onload=alert(1)>",
  '<p style="background:url(javascript:alert(1))">x</p>',
  "![pixel](https://tracker.example/p.gif)",
];

describe("renderMarkdown", () => {
  it("renders the markdown a notice uses", () => {
    const html = renderMarkdown("**Impact:** checkout\n\n- one\n- two\n\n[status](https://status.example.com)");
    expect(html).toContain("<strong>Impact:</strong>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain('<a href="https://status.example.com" rel="nofollow noopener noreferrer">status</a>');
  });

  it.each(XSS)("leaves %s inert: no tag, attribute or URL that can run", (payload) => {
    const html = renderMarkdown(`before ${payload} after`);
    // Only real tags matter: escaped text (&lt;img …&gt;) is shown, never parsed.
    const tags = html.match(/<[^>]+>/g) ?? [];
    for (const tag of tags) {
      expect(tag).toMatch(/^<\/?(p|a|strong|em|code)\b/);
      expect(tag).not.toMatch(/\son\w+\s*=|style=|src=/i);
      expect(tag).not.toMatch(/href="(?!https?:|mailto:)/i);
    }
    expect(html).toContain("before");
  });

  it("shows raw HTML as text, so the author sees what they typed", () => {
    expect(renderMarkdown("<b>x</b>").trim()).toBe("<p>&lt;b&gt;x&lt;/b&gt;</p>");
  });
});

describe("toPlainText", () => {
  it("keeps words and links, drops markup", () => {
    expect(toPlainText("**Impact:** slow\n\n- a\n- b\n\n[status](https://s.example)")).toBe(
      "Impact: slow\n\n• a\n• b\n\nstatus (https://s.example)",
    );
  });
});
