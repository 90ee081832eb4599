// The incident's rollback in words, for the header and the stakeholder view: the latest rollback
// action of the incident (the newest created), never a list. Client-safe: types only.
import type { RollbackView } from "@/lib/rollback/queries";

export type RollbackSummary = {
  /** none | planned | awaiting_approval | running | succeeded | failed | cancelled */
  state: string;
  text: string;
};

type Row = Pick<RollbackView, "state" | "strategy" | "createdAt"> & {
  steps: Pick<RollbackView["steps"][number], "name" | "state">[];
};

/** The newest action first, as incidentRollbacks returns them; sorted again so callers may pass any order. */
export function latestRollback<T extends Pick<RollbackView, "createdAt">>(rows: readonly T[]): T | undefined {
  return [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** The step a running rollback is on: the one running, else the first not yet done, 1-based. */
function currentStep(steps: Row["steps"]): { n: number; name: string } | null {
  const i = steps.findIndex((s) => s.state === "running");
  const at = i >= 0 ? i : steps.findIndex((s) => s.state === "pending");
  return at >= 0 ? { n: at + 1, name: steps[at].name } : null;
}

export function describeRollback(rows: readonly Row[]): RollbackSummary {
  const r = latestRollback(rows);
  if (!r) return { state: "none", text: "No rollback" };
  const what = `Rollback (${r.strategy})`;
  switch (r.state) {
    case "planned":
      return { state: r.state, text: `${what} planned, not started` };
    case "awaiting_approval":
      return { state: r.state, text: `${what} awaiting approval` };
    case "running": {
      const step = currentStep(r.steps);
      return {
        state: r.state,
        text: step ? `${what} running step ${step.n} of ${r.steps.length}: ${step.name}` : `${what} running`,
      };
    }
    case "succeeded":
      return { state: r.state, text: `${what} succeeded` };
    case "failed":
      return { state: r.state, text: `${what} failed` };
    case "cancelled":
      return { state: r.state, text: `${what} cancelled` };
    default:
      return { state: r.state, text: `${what} ${r.state.replace(/_/g, " ")}` };
  }
}
