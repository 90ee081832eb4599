import "server-only";
// The rollbacks of an incident as the panel shows them, with their steps, and its captured
// artifacts. Plans leave as the reader's role may see them (redact.ts).
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { planForRole, redactValue, type PlanView } from "@/lib/rollback/redact";
import { parsePlanSummary } from "@/lib/rollback/strategies";
import { artifactExpiresAt, artifactRetentionDays } from "@/lib/rollback/sweep-artifacts";

export type RollbackView = {
  id: string;
  strategy: string;
  target: string;
  state: string;
  requestedBy: string;
  requestedById: string;
  approvedById: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  plan: PlanView;
  steps: { name: string; state: string; detail: unknown; error: string | null }[];
  serviceName: string | null;
};

export async function incidentRollbacks(incidentId: string, role: Role): Promise<RollbackView[]> {
  const rows = await db.rollbackAction.findMany({
    where: { incidentId },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { steps: { orderBy: { position: "asc" } }, service: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    strategy: r.strategy,
    target: r.target,
    state: r.state,
    requestedBy: r.requestedBy,
    requestedById: r.requestedById,
    approvedById: r.approvedById,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    plan: planForRole(parsePlanSummary(r.plan), role),
    steps: r.steps.map((s) => ({ name: s.name, state: s.state, detail: redactValue(s.detail), error: s.error })),
    serviceName: r.service?.name ?? null,
  }));
}

export type ArtifactView = {
  id: string;
  name: string;
  kind: string;
  size: number;
  createdAt: string;
  expiresAt: string;
};

/** The incident's captured artifacts (names and sizes, never their content), with when each expires. */
export async function incidentArtifacts(incidentId: string): Promise<ArtifactView[]> {
  const days = artifactRetentionDays();
  const rows = await db.artifact.findMany({
    where: { incidentId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, name: true, kind: true, size: true, createdAt: true },
  });
  return rows.map((a) => ({
    ...a,
    createdAt: a.createdAt.toISOString(),
    expiresAt: artifactExpiresAt(a.createdAt, days).toISOString(),
  }));
}
