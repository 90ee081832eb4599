import "server-only";
// The public status: built ONLY from published customer notice versions. Internal notices,
// drafts, timeline entries and incident titles never enter it; an incident nobody has published
// a customer notice for does not exist here (not even in a service's state).
import { db } from "@/lib/db";
import { renderMarkdown, toPlainText } from "@/lib/comms/markdown";
import { incidentStartedAt } from "@/lib/comms/variables";

export const HISTORY_DAYS = 90;

export type PublicUpdate = { version: number; title: string; html: string; text: string; publishedAt: string };
export type PublicIncident = {
  /** The customer notice's id: the internal incident id is not published. */
  id: string;
  title: string;
  status: string;
  impact: "major_outage" | "partial_outage" | "degraded_performance";
  service: string | null;
  startedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  /** Newest first. */
  updates: PublicUpdate[];
};
export type PublicService = { name: string; state: "operational" | PublicIncident["impact"] };
export type PublicStatus = {
  updatedAt: string;
  overall: PublicService["state"];
  services: PublicService[];
  current: PublicIncident[];
  history: PublicIncident[];
};

const IMPACT = {
  P1: "major_outage",
  P2: "partial_outage",
  P3: "degraded_performance",
  P4: "degraded_performance",
} as const;
const RANK: Record<PublicService["state"], number> = {
  operational: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};

function worst(states: PublicService["state"][]): PublicService["state"] {
  return states.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "operational" as PublicService["state"]);
}

export async function publicStatus(now = new Date()): Promise<PublicStatus> {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const notices = await db.notice.findMany({
    where: {
      kind: "customer",
      versions: { some: {} },
      OR: [{ incident: { status: { not: "resolved" } } }, { versions: { some: { publishedAt: { gte: since } } } }],
    },
    select: {
      id: true,
      incident: {
        select: {
          status: true,
          severity: true,
          impactStartedAt: true,
          detectedAt: true,
          declaredAt: true,
          resolvedAt: true,
          service: { select: { name: true } },
        },
      },
      versions: { orderBy: { version: "desc" }, select: { version: true, title: true, body: true, publishedAt: true } },
    },
  });
  const incidents: PublicIncident[] = notices.map((n) => ({
    id: n.id,
    title: n.versions[0].title,
    status: n.incident.status,
    impact: IMPACT[n.incident.severity],
    service: n.incident.service?.name ?? null,
    startedAt: incidentStartedAt(n.incident).toISOString(),
    resolvedAt: n.incident.resolvedAt?.toISOString() ?? null,
    updatedAt: n.versions[0].publishedAt.toISOString(),
    updates: n.versions.map((v) => ({
      version: v.version,
      title: v.title,
      html: renderMarkdown(v.body),
      text: toPlainText(v.body),
      publishedAt: v.publishedAt.toISOString(),
    })),
  }));
  incidents.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const current = incidents.filter((i) => i.status !== "resolved");
  const history = incidents.filter((i) => i.status === "resolved");
  const services = (await db.service.findMany({ orderBy: { name: "asc" }, select: { name: true } })).map((s) => ({
    name: s.name,
    state: worst(current.filter((i) => i.service === s.name).map((i) => i.impact)),
  }));
  return { updatedAt: now.toISOString(), overall: worst(current.map((i) => i.impact)), services, current, history };
}
