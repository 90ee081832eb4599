import "server-only";
// The rollbacks of an incident as the panel shows them, with their steps.
import { db } from "@/lib/db";
import { parsePlanSummary } from "@/lib/rollback/strategies";
import type { Plan } from "@/lib/rollback/strategy";

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
  plan: Plan;
  steps: { name: string; state: string; detail: unknown; error: string | null }[];
  serviceName: string | null;
};

export async function incidentRollbacks(incidentId: string): Promise<RollbackView[]> {
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
    plan: parsePlanSummary(r.plan),
    steps: r.steps.map((s) => ({ name: s.name, state: s.state, detail: s.detail, error: s.error })),
    serviceName: r.service?.name ?? null,
  }));
}
