// What goes over the wire to chat. Nothing here carries markup a receiver could execute:
// Slack text is escaped the way Slack asks (&, <, >: no <!channel> pings, no <javascript:…|links>),
// generic payloads carry plain text and allowlist-sanitized HTML, and JSON is written with <, >
// and & as \u escapes so a body pasted into a page cannot open a tag.
import { renderMarkdown, toPlainText } from "@/lib/comms/markdown";

export type OutboundMessage = {
  /** "notice.published", or a timeline event kind such as "rollback.failed". */
  event: string;
  /** Stable id of what is sent (notice version id, timeline event id): receivers dedupe on it. */
  id: string;
  title: string;
  markdown: string;
  occurredAt: Date;
  /** Only for internal audiences: customer payloads never name the internal incident. */
  incident?: { id: string; title: string; severity: string; status: string; service: string | null; url: string };
  notice?: { kind: string; version: number; statusUrl?: string };
};

type IncidentRow = { id: string; title: string; severity: string; status: string; service?: { name: string } | null };

/** The incident summary internal payloads carry (notices and team notifications alike). */
export function incidentSummary(incident: IncidentRow, baseUrl: string): NonNullable<OutboundMessage["incident"]> {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    service: incident.service?.name ?? null,
    url: `${baseUrl}/incidents/${incident.id}`,
  };
}

export function safeJsonStringify(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Titles are plain text (never markdown): one line of it. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function slackPayload(m: OutboundMessage): { text: string; blocks: unknown[] } {
  const title = oneLine(m.title);
  const body = toPlainText(m.markdown);
  const context = m.incident
    ? `${m.incident.severity} · ${m.incident.status}${m.incident.service ? ` · ${m.incident.service}` : ""} · ${m.incident.url}`
    : (m.notice?.statusUrl ?? "");
  const blocks: unknown[] = [{ type: "header", text: { type: "plain_text", text: clip(title, 150), emoji: false } }];
  // A section holds at most 3000 characters; long notices continue in the next section.
  for (let i = 0; i < Math.min(body.length, 3000 * 10); i += 2900) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: slackEscape(body.slice(i, i + 2900)) } });
  }
  if (context) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(context) }] });
  return { text: slackEscape(clip(`${title}\n${body}`, 3000)), blocks };
}

export function genericPayload(m: OutboundMessage): Record<string, unknown> {
  return {
    event: m.event,
    id: m.id,
    occurredAt: m.occurredAt.toISOString(),
    title: oneLine(m.title),
    text: toPlainText(m.markdown),
    html: renderMarkdown(m.markdown),
    ...(m.incident ? { incident: m.incident } : {}),
    ...(m.notice ? { notice: m.notice } : {}),
  };
}
