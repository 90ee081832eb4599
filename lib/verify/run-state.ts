// The latest verification run as the panel shows it, folded from its timeline events
// (verify.started → verify.check × n → verify.passed | verify.failed). Pure: server and browser.
import { isKind } from "@/lib/incidents/events";
import type { CheckResult, CheckStatus, PlannedCheck } from "@/lib/verify/types";

type EventLike = { id: string; kind: string; payload: unknown; createdAt: string };

export type RunState = {
  runId: string;
  startedAt: string;
  planned: PlannedCheck[];
  results: Record<string, CheckResult>;
  outcome: "running" | "passed" | "failed";
  expected: { image?: string; version?: string };
};

export type CheckView = PlannedCheck & { status: CheckStatus | "pending"; result?: CheckResult };

const obj = (p: unknown): Record<string, unknown> => (p && typeof p === "object" ? (p as Record<string, unknown>) : {});

/** Applies one event; a new verify.started replaces the run shown. */
export function applyEvent(state: RunState | null, e: EventLike): RunState | null {
  const p = obj(e.payload);
  if (isKind(e.kind, "verify.started")) {
    return {
      runId: String(p.runId ?? e.id),
      startedAt: e.createdAt,
      planned: Array.isArray(p.checks) ? (p.checks as PlannedCheck[]) : [],
      results: {},
      outcome: "running",
      expected: obj(p.expected) as RunState["expected"],
    };
  }
  if (!state || p.runId !== state.runId) return state;
  if (isKind(e.kind, "verify.check")) {
    const r = p as unknown as CheckResult;
    return { ...state, results: { ...state.results, [r.key]: r } };
  }
  if (isKind(e.kind, "verify.passed", "verify.failed"))
    return { ...state, outcome: e.kind === "verify.passed" ? "passed" : "failed" };
  return state;
}

export function foldRun(events: EventLike[]): RunState | null {
  return events.reduce<RunState | null>(applyEvent, null);
}

export function checkViews(state: RunState): CheckView[] {
  return state.planned.map((c) => {
    const result = state.results[c.key];
    return { ...c, status: result?.status ?? "pending", result };
  });
}
