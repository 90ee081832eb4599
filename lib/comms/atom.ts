// The status page's Atom feed: one entry per published customer update. Text goes through
// escapeXml, the (already sanitized) HTML goes in as escaped type="html" content, and characters
// XML 1.0 forbids are dropped, so no notice can break the document or inject markup into it.
import type { PublicStatus } from "@/lib/comms/status";

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const STATUS_LABEL: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export function atomFeed(status: PublicStatus, baseUrl: string): string {
  const site = `${baseUrl}/status`;
  const entries = [...status.current, ...status.history]
    .flatMap((i) => i.updates.map((u) => ({ incident: i, update: u })))
    .sort((a, b) => b.update.publishedAt.localeCompare(a.update.publishedAt))
    .slice(0, 100);
  const updated = entries[0]?.update.publishedAt ?? status.updatedAt;
  const xml = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `<id>urn:rcc:status</id>`,
    `<title>System status</title>`,
    `<updated>${updated}</updated>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(site)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${site}/feed.xml`)}"/>`,
    `<author><name>Status</name></author>`,
  ];
  for (const { incident, update } of entries) {
    xml.push(
      `<entry>`,
      `<id>urn:rcc:notice:${escapeXml(incident.id)}:v${update.version}</id>`,
      `<title type="text">${escapeXml(`[${STATUS_LABEL[incident.status] ?? incident.status}] ${update.title}`)}</title>`,
      `<updated>${update.publishedAt}</updated>`,
      `<published>${update.publishedAt}</published>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(`${site}#incident-${incident.id}`)}"/>`,
      `<summary type="text">${escapeXml(update.text.slice(0, 500))}</summary>`,
      `<content type="html">${escapeXml(update.html)}</content>`,
      `</entry>`,
    );
  }
  xml.push(`</feed>`);
  return xml.join("\n");
}
