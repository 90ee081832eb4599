import "server-only";
// The stakeholder view of one incident (app/(dashboard)/incidents/[id]/brief): only what has been
// said or done, never what is being drafted. Its notice is the latest PUBLISHED version (drafts
// never leave the editor), what was done is one line each for the rollback and the verification,
// and its timeline is the key events (lib/incidents/highlights.ts). Callers checked incident.read.
import { db } from "@/lib/db";
import { loadNoticeContext } from "@/lib/comms/context";
import { renderMarkdown } from "@/lib/comms/markdown";
import { nextUpdateDue } from "@/lib/comms/variables";
import { eventKinds } from "@/lib/incidents/events";
import { HIGHLIGHT_KINDS, highlightOf, highlights, type Highlight } from "@/lib/incidents/highlights";
import { describeRollback } from "@/lib/rollback/state-in-words";
import { toView } from "@/lib/incidents/timeline";

export type IncidentBrief = {
  id: string;
  title: string;
  severity: string;
  status: string;
  impact: string;
  service: string | null;
  detectedAt: string;
  resolvedAt: string | null;
  notice: { kind: string; version: number; title: string; html: string; publishedAt: string } | null;
  /** Null once resolved: no further update is due. */
  nextUpdateDueAt: string | null;
  updateCadenceMin: number;
  rollback: string;
  verification: string;
  highlights: Highlight[];
  /** The last timeline event id read, for the live refresh to start after. */
  lastEventId: string;
};

const VERIFY_KINDS = eventKinds("verify");

async function verificationLine(incidentId: string): Promise<string> {
  const last = await db.timelineEvent.findFirst({
    where: {
      incidentId,
      kind: { in: ["verify.started", "verify.passed", "verify.failed"] satisfies typeof VERIFY_KINDS },
    },
    orderBy: { id: "desc" },
  });
  if (!last) return "Not verified yet";
  if (last.kind === "verify.started") return "Verification running";
  return highlightOf(toView(last))?.text ?? "Verification finished";
}

export async function incidentBrief(incidentId: string): Promise<IncidentBrief | null> {
  const ctx = await loadNoticeContext(incidentId);
  if (!ctx) return null;
  const { incident } = ctx;
  const [notice, latestRollback, events, last, verification] = await Promise.all([
    db.noticeVersion.findFirst({
      where: { notice: { incidentId } },
      orderBy: { publishedAt: "desc" },
      select: { version: true, title: true, body: true, publishedAt: true, notice: { select: { kind: true } } },
    }),
    db.rollbackAction.findFirst({
      where: { incidentId },
      orderBy: { createdAt: "desc" },
      select: {
        state: true,
        strategy: true,
        createdAt: true,
        steps: { orderBy: { position: "asc" }, select: { name: true, state: true } },
      },
    }),
    db.timelineEvent.findMany({
      where: { incidentId, kind: { in: [...HIGHLIGHT_KINDS] } },
      orderBy: { id: "asc" },
      take: 500,
    }),
    db.timelineEvent.findFirst({ where: { incidentId }, orderBy: { id: "desc" }, select: { id: true } }),
    verificationLine(incidentId),
  ]);
  const rollback = latestRollback
    ? describeRollback([{ ...latestRollback, createdAt: latestRollback.createdAt.toISOString() }]).text
    : describeRollback([]).text;
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    impact: incident.impact,
    service: incident.serviceName,
    detectedAt: (incident.detectedAt ?? incident.declaredAt).toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    notice: notice && {
      kind: notice.notice.kind,
      version: notice.version,
      title: notice.title,
      html: renderMarkdown(notice.body),
      publishedAt: notice.publishedAt.toISOString(),
    },
    nextUpdateDueAt: incident.status === "resolved" ? null : nextUpdateDue(ctx).toISOString(),
    updateCadenceMin: incident.updateCadenceMin,
    rollback,
    verification,
    highlights: highlights(events.map(toView)),
    lastEventId: last?.id.toString() ?? "0",
  };
}
