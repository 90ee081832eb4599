// Notice markdown → HTML that is safe to put on a public page, in a feed and in a webhook.
// Two layers: raw HTML in the markdown is escaped (shown as text, never parsed), then the HTML
// marked produced passes a strict allowlist. No images (tracking pixels), no styles, no
// attributes but href/title, and links only to http(s) and mailto.
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Block and inline raw HTML both come through here: keep it as visible, inert text.
    html({ text, block }) {
      return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
    },
  },
});

export const SANITIZE_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  allowedStyles: {},
  parseStyleAttributes: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "nofollow noopener noreferrer" } }),
  },
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE_POLICY);
}

/** Markdown → sanitized HTML. The only way notice HTML is ever produced. */
export function renderMarkdown(markdown: string): string {
  return sanitize(marked.parse(markdown) as string);
}

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
    }
    return ENTITY[e.toLowerCase()] ?? m;
  });
}

/** Plain text of a notice (chat messages, feed summaries): what a reader would see, no markup. */
export function toPlainText(markdown: string): string {
  const html = renderMarkdown(markdown)
    .replace(/>\n+</g, "><")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<li>/g, "• ")
    .replace(/<\/(li|tr)>/g, "\n")
    .replace(/<\/(th|td)>/g, " ")
    .replace(/<hr\s*\/?>/g, "\n---\n")
    .replace(/<\/(p|h[1-6]|blockquote|pre|ul|ol|table)>/g, "\n\n")
    .replace(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g, (_, href: string, label: string) =>
      label === href ? href : `${label} (${href})`,
    )
    .replace(/<[^>]+>/g, "");
  return decodeEntities(html)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
