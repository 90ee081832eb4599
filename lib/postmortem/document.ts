// The blameless post-mortem, pre-filled from the incident as Markdown. Pure: the data in, the text
// out, so the draft, the export and the tests agree. People's text is escaped for tables only;
// the preview renders it through the comms sanitizer and the export is plain Markdown.
import { formatDuration, type Duration, type IncidentMetrics, type Instant } from "@/lib/postmortem/metrics";
import { PHASE_INFO, PHASES, type Phase } from "@/lib/checklists/phases";
import { formatUtc } from "@/lib/format/date";

export type PostMortemData = {
  incident: {
    id: string;
    title: string;
    severity: string;
    status: string;
    impact: string;
    service: string | null;
    declaredAt: Date;
    declaredBy: string | null;
    resolvedAt: Date | null;
  };
  metrics: IncidentMetrics;
  events: { createdAt: Date; actor: string; kind: string; message: string }[];
  actions: {
    strategy: string;
    target: string;
    state: string;
    requestedBy: string;
    startedAt: Date | null;
    finishedAt: Date | null;
    error: string | null;
    outcome: string | null;
  }[];
  artifacts: { name: string; kind: string; size: number; createdAt: Date }[];
  checklist: { phase: Phase; text: string; doneAt: Date | null; owner: string | null }[];
  verifications: { at: Date; passed: boolean; message: string }[];
};

export const MAX_TIMELINE_ROWS = 1000;

const utc = (d: Date) => formatUtc(d, { seconds: false });
const time = (d: Date) => formatUtc(d, { date: false, zone: false });

/** Text safe inside a Markdown table cell: one line, pipes escaped. */
export function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim() || " ";
}

const duration = (d: Duration) => (d.known ? `${formatDuration(d)} (${d.from} → ${d.to})` : `unknown — ${d.reason}`);

const instant = (i: Instant) => (i ? `${formatUtc(i.at)} (${i.basis})` : "unknown");

function metricsTable(m: IncidentMetrics): string[] {
  const revenue = m.revenue.known
    ? `${m.revenue.amount.toFixed(2)} (${m.revenue.basis}${m.revenue.note ? `: ${m.revenue.note}` : ""})`
    : `unknown — ${m.revenue.reason}`;
  return [
    "| Metric | Value |",
    "| --- | --- |",
    `| Impact started | ${cell(instant(m.impactStarted))} |`,
    `| Detected | ${cell(instant(m.detected))} |`,
    `| Time to detect | ${cell(duration(m.timeToDetect))} |`,
    `| Time to decision | ${cell(duration(m.timeToDecision))} |`,
    `| Time to roll back | ${cell(duration(m.timeToRollback))} |`,
    `| User-impact duration | ${cell(duration(m.userImpact))} |`,
    `| Data loss | ${cell(m.dataLoss ?? "not recorded")} |`,
    `| Revenue impact | ${cell(revenue)} |`,
    `| Root-cause category | ${cell(m.rootCauseCategory ?? "not set")} |`,
  ];
}

export function buildPostMortem(d: PostMortemData): string {
  const i = d.incident;
  const out: string[] = [
    `# Post-mortem: ${i.title}`,
    "",
    "> Blameless: this document looks at how our systems and processes allowed the failure and how we responded, not at who is to blame.",
    "",
    `- **Severity:** ${i.severity}`,
    `- **Service:** ${i.service ?? "—"}`,
    `- **Status:** ${i.status}`,
    `- **Declared:** ${utc(i.declaredAt)}${i.declaredBy ? ` by ${i.declaredBy}` : ""}`,
    `- **Resolved:** ${i.resolvedAt ? utc(i.resolvedAt) : "not yet"}`,
    "",
    "## Summary",
    "",
    i.impact.trim() || "_What happened, who was affected and for how long, in two or three sentences._",
    "",
    "## Impact and metrics",
    "",
    ...metricsTable(d.metrics),
    "",
    "## Timeline",
    "",
  ];
  if (d.events.length === 0) out.push("_No events recorded._");
  else {
    out.push("| Time (UTC) | Who | Event | What happened |", "| --- | --- | --- | --- |");
    const days = new Set(d.events.map((e) => e.createdAt.toISOString().slice(0, 10))).size;
    for (const e of d.events.slice(0, MAX_TIMELINE_ROWS)) {
      out.push(
        `| ${days > 1 ? formatUtc(e.createdAt, { seconds: false, zone: false }) : time(e.createdAt)} | ${cell(e.actor)} | ${cell(e.kind)} | ${cell(e.message)} |`,
      );
    }
    if (d.events.length > MAX_TIMELINE_ROWS)
      out.push("", `_…and ${d.events.length - MAX_TIMELINE_ROWS} more events on the incident page._`);
  }
  out.push("", "## Actions taken and their results", "");
  if (d.actions.length === 0) out.push("_No rollback actions were run._");
  else {
    out.push(
      "| Action | Target | Requested by | Started | Finished | Result |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const a of d.actions) {
      const result = a.error ? `${a.state}: ${a.error}` : a.outcome ? `${a.state}: ${a.outcome}` : a.state;
      out.push(
        `| ${cell(a.strategy)} | ${cell(a.target)} | ${cell(a.requestedBy)} | ${a.startedAt ? utc(a.startedAt) : "—"} | ${a.finishedAt ? utc(a.finishedAt) : "—"} | ${cell(result)} |`,
      );
    }
  }
  if (d.verifications.length) {
    out.push("", "### Verification", "");
    for (const v of d.verifications)
      out.push(`- ${utc(v.at)} — ${v.passed ? "passed" : "failed"}: ${v.message.replace(/\r?\n/g, " ")}`);
  }
  out.push("", "## Artifacts", "");
  if (d.artifacts.length === 0) out.push("_No artifacts captured._");
  for (const a of d.artifacts) out.push(`- ${a.name} (${a.kind}, ${a.size} bytes, ${utc(a.createdAt)})`);
  out.push("", "## Checklist", "");
  if (d.checklist.length === 0) out.push("_No checklist._");
  for (const phase of PHASES) {
    const items = d.checklist.filter((c) => c.phase === phase);
    if (!items.length) continue;
    out.push(
      `### ${PHASE_INFO[phase].label} (${PHASE_INFO[phase].window}) — ${items.filter((c) => c.doneAt).length}/${items.length} done`,
      "",
    );
    for (const c of items) {
      const who = c.owner ? `, owner ${c.owner}` : "";
      out.push(
        `- ${c.doneAt ? "✅" : "⬜"} ${c.text.replace(/\r?\n/g, " ")}${c.doneAt ? ` (done ${utc(c.doneAt)}${who})` : who ? ` (open${who})` : ""}`,
      );
    }
    out.push("");
  }
  out.push(
    "## Root cause and contributing factors",
    "",
    `Category: ${d.metrics.rootCauseCategory ?? "not set"}.`,
    "",
    '_Which conditions made the failure possible, and why did our safeguards not stop it? Ask "why" until the answer is about systems, not people._',
    "",
    "## What went well",
    "",
    "- ",
    "",
    "## What went badly",
    "",
    "- ",
    "",
    "## Where we got lucky",
    "",
    "- ",
    "",
    "## Lessons and action items",
    "",
    "| Action item | Owner | Due |",
    "| --- | --- | --- |",
    "|  |  |  |",
    "",
  );
  return out.join("\n");
}
