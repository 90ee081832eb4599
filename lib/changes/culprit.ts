/**
 * The changes before an incident, likely culprit first, and what "roll back this change" plans.
 * Pure and browser-safe: the incident page and the unit tests use it.
 *
 * The likely culprit is the closest change before the breach on the affected service; a change made
 * by this dashboard (a rollback) is never the culprit. The others follow, newest first. Every kind
 * counts alike: a Deployment revision, a flag edit, a Helm release revision.
 */
import type { WorkloadKind } from "./extract";
import { helmDetailsOf } from "./helm-details";

export interface ChangeLike {
  id: string;
  serviceId: string;
  sourceKind: string;
  objectUid: string;
  workloadKind: WorkloadKind | string;
  workloadName: string;
  revision: string;
  occurredAt: Date;
  fromDashboard: boolean;
  /** Kind-specific (a Helm revision's status, for one): absent where a caller does not read it. */
  details?: unknown;
}

/** The window the incident page shows: the hour before impact started. */
export const WHAT_CHANGED_WINDOW_MS = 60 * 60_000;

const newestFirst = (a: ChangeLike, b: ChangeLike) =>
  b.occurredAt.getTime() - a.occurredAt.getTime() || Number(BigInt(b.id) - BigInt(a.id));

/** Changes of `serviceId` in [breach − window, breach], the culprit (if any) first, then newest first. */
export function rankChanges<C extends ChangeLike>(
  changes: readonly C[],
  serviceId: string,
  breachAt: Date,
  windowMs = WHAT_CHANGED_WINDOW_MS,
): { culprit: C | null; changes: C[] } {
  const end = breachAt.getTime();
  const inWindow = changes
    .filter((c) => c.serviceId === serviceId)
    .filter((c) => c.occurredAt.getTime() <= end && c.occurredAt.getTime() >= end - windowMs)
    .sort(newestFirst);
  const culprit = inWindow.find((c) => !c.fromDashboard) ?? null;
  return { culprit, changes: culprit ? [culprit, ...inWindow.filter((c) => c !== culprit)] : inWindow };
}

export type UndoKind = "Deployment" | "StatefulSet" | "DaemonSet";
const UNDOABLE = new Set<string>(["Deployment", "StatefulSet", "DaemonSet"]);

/** What the planner opens with for "roll back this change". */
export type RollbackPrefill =
  | { strategy: "deployment-undo"; kind: UndoKind; workload: string; toRevision: number }
  | { strategy: "feature-flag" }
  | { strategy: "helm-rollback"; release: string; toRevision: number };

/**
 * The Helm revision in place before `change` (revision R): R − 1, as `helm rollback <release>`
 * picks, unless that one is recorded as failed (its objects never all came up): then the newest
 * earlier revision recorded as not failed. Helm never re-numbers revisions. An install (R = 1) has
 * nothing before it that helm rollback could go back to.
 */
function helmPrefill(change: ChangeLike, history: readonly ChangeLike[]): RollbackPrefill | null {
  const r = Number(change.revision);
  if (!Number.isInteger(r) || r <= 1) return null;
  const earlier = history.filter(
    (h) =>
      h.serviceId === change.serviceId &&
      h.sourceKind === change.sourceKind &&
      h.workloadName === change.workloadName &&
      Number(h.revision) < r &&
      // A release uninstalled and installed again counts from 1: only its own earlier revisions.
      h.occurredAt.getTime() <= change.occurredAt.getTime(),
  );
  const failed = (h: ChangeLike) => helmDetailsOf(h.details)?.status === "failed";
  const previous = earlier.find((h) => Number(h.revision) === r - 1);
  const good = earlier.filter((h) => !failed(h)).sort((a, b) => Number(b.revision) - Number(a.revision))[0];
  const toRevision = previous && failed(previous) && good ? Number(good.revision) : r - 1;
  return { strategy: "helm-rollback", release: change.workloadName, toRevision };
}

/**
 * The workload revision in place before `change`: the latest earlier change of the same workload
 * on another object (ReplicaSet or ControllerRevision), at that object's newest recorded revision
 * (an undo re-numbers it, and the planner names revisions as the cluster numbers them now).
 * Unknown history → 0, kubectl's "previous revision", right when the change is still the newest.
 */
export function rollbackPrefill(change: ChangeLike, history: readonly ChangeLike[]): RollbackPrefill | null {
  if (change.workloadKind === "FeatureFlag" || change.workloadKind === "ConfigMap") return { strategy: "feature-flag" };
  if (change.workloadKind === "HelmRelease") return helmPrefill(change, history);
  if (!UNDOABLE.has(change.workloadKind)) return null;
  const same = history.filter(
    (h) =>
      h.serviceId === change.serviceId &&
      h.workloadKind === change.workloadKind &&
      h.workloadName === change.workloadName &&
      h.sourceKind === change.sourceKind,
  );
  const before = same
    .filter((h) => h.objectUid !== change.objectUid && h.occurredAt.getTime() <= change.occurredAt.getTime())
    .filter((h) => h.id !== change.id)
    .sort(newestFirst)[0];
  const base = {
    strategy: "deployment-undo" as const,
    kind: change.workloadKind as UndoKind,
    workload: change.workloadName,
  };
  if (!before) return { ...base, toRevision: 0 };
  const revisions = same.filter((h) => h.objectUid === before.objectUid).map((h) => Number(h.revision));
  return { ...base, toRevision: Math.max(...revisions.filter(Number.isInteger)) };
}

/** The planner's URL parameters for a prefill (parsed back by parsePlannerPrefill). */
export function prefillSearch(p: RollbackPrefill): string {
  const q = new URLSearchParams({ plan: p.strategy });
  if (p.strategy === "deployment-undo") {
    q.set("workload", `${p.kind}/${p.workload}`);
    q.set("toRevision", String(p.toRevision));
  }
  if (p.strategy === "helm-rollback") {
    q.set("release", p.release);
    q.set("toRevision", String(p.toRevision));
  }
  return q.toString();
}

/** The words of "Roll back this change: …" for a prefill. */
export function prefillLabel(p: RollbackPrefill): string {
  switch (p.strategy) {
    case "deployment-undo":
      return `${p.kind} ${p.workload} to ${p.toRevision ? `revision ${p.toRevision}` : "the previous revision"}`;
    case "helm-rollback":
      return `Helm release ${p.release} to revision ${p.toRevision}`;
    case "feature-flag":
      return "switch the flag off";
  }
}
