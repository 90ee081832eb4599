// Rollback metrics of one incident and across incidents. Pure: the timestamps and timeline events
// in, durations out. A missing or contradictory timestamp gives "unknown" with the reason, never 0.
//
// Definitions (shown on the metrics panel and in the post-mortem), after the runbook's "Rollback
// Metrics" (issue 17: two instants, never the breach standing in for the detection):
// - impact started: a time a person entered, else the culprit change (the latest `deploy.finished`
//                   at or before the first breach, payload.deployedAt or its time), else the first
//                   breach (Incident.impactStartedAt as the detection recorded it, else the earliest
//                   `trigger.fired` payload.breachSince). Unknown when none of them exists.
// - detected:       Incident.detectedAt (the rule fired, the alert arrived, a person declared or
//                   entered it), else the earlier of the first `trigger.fired` event and the declaration.
// - time to detect:    detected − impact started.
// - time to decision:  Incident.decisionAt − detected.
// - time to roll back: Incident.rollbackCompletedAt − Incident.rollbackStartedAt.
// - user impact:       impact started → verified healthy (the first `verify.passed` after the
//                      rollback completed, else the completion), else → resolvedAt.
// - revenue impact:    as entered, or estimated from the business metric's drop (see estimateRevenue).

import { DEPLOY_KINDS, isKind } from "@/lib/incidents/events";

export type TimedEvent = { kind: string; createdAt: Date; payload: unknown };

export type MetricsInput = {
  declaredAt: Date;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  decisionAt: Date | null;
  rollbackStartedAt: Date | null;
  rollbackCompletedAt: Date | null;
  resolvedAt: Date | null;
  dataLoss: string | null;
  revenueImpact: number | null;
  rootCauseCategory: string | null;
  events: TimedEvent[];
};

export type Duration = { known: true; ms: number; from: string; to: string } | { known: false; reason: string };
export type Instant = { at: Date; basis: string } | null;

export type IncidentMetrics = {
  impactStarted: Instant;
  detected: Instant;
  recovered: Instant;
  timeToDetect: Duration;
  timeToDecision: Duration;
  timeToRollback: Duration;
  userImpact: Duration;
  dataLoss: string | null;
  revenue:
    { known: true; amount: number; basis: "entered" | "estimated"; note?: string } | { known: false; reason: string };
  rootCauseCategory: string | null;
};

export const NO_IMPACT_START = "impact start unknown (no deploy or trigger breach recorded, none entered)";

const obj = (p: unknown): Record<string, unknown> => (p && typeof p === "object" ? (p as Record<string, unknown>) : {});

function dateIn(payload: unknown, key: string): Date | null {
  const v = obj(payload)[key];
  if (typeof v !== "string" && typeof v !== "number") return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const byTime = (a: { at: Date }, b: { at: Date }) => a.at.getTime() - b.at.getTime();

function first(events: TimedEvent[], match: (e: TimedEvent) => boolean): TimedEvent | undefined {
  return events.filter(match).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}

export function between(from: Instant, to: Instant, missing: string): Duration {
  if (!from || !to) return { known: false, reason: missing };
  const ms = to.at.getTime() - from.at.getTime();
  if (ms < 0) return { known: false, reason: `${to.basis} is before ${from.basis}` };
  return { known: true, ms, from: from.basis, to: to.basis };
}

const at = (d: Date | null, basis: string): Instant => (d ? { at: d, basis } : null);

/** The earliest breach: as the detection recorded it on the incident, else from the trigger events. */
export function firstBreach(i: Pick<MetricsInput, "impactStartedAt" | "events">): Instant {
  const breaches = i.events
    .filter((e) => isKind(e.kind, "trigger.fired"))
    .map((e) => dateIn(e.payload, "breachSince"))
    .filter((d): d is Date => d !== null);
  const all = [...breaches, ...(i.impactStartedAt ? [i.impactStartedAt] : [])].map((d) => ({ at: d }));
  const earliest = all.sort(byTime)[0];
  return earliest ? { at: earliest.at, basis: "the first breach" } : null;
}

/** Whether the stored impact start is a person's entry (the latest edit of it set this very value). */
function enteredImpactStart(i: Pick<MetricsInput, "impactStartedAt" | "events">): boolean {
  const edit = [...i.events]
    .reverse()
    .find((e) => isKind(e.kind, "metrics.updated") && obj(e.payload).impactStartedAt !== undefined);
  const entered = edit ? dateIn(edit.payload, "impactStartedAt") : null;
  return !!entered && !!i.impactStartedAt && entered.getTime() === i.impactStartedAt.getTime();
}

export function impactStartedAt(
  i: Pick<MetricsInput, "impactStartedAt" | "detectedAt" | "declaredAt" | "events">,
): Instant {
  if (enteredImpactStart(i)) return at(i.impactStartedAt, "impact start (entered)");
  const breach = firstBreach(i);
  // The culprit: the latest change at or before the first breach (or the detection, with no breach).
  const cutoff = (breach ?? detectedAt(i))!.at.getTime();
  const culprit = i.events
    .filter((e) => isKind(e.kind, ...DEPLOY_KINDS))
    .map((e) => ({ at: dateIn(e.payload, "deployedAt") ?? e.createdAt }))
    .filter((d) => d.at.getTime() <= cutoff)
    .sort(byTime)
    .at(-1);
  if (culprit) return { at: culprit.at, basis: "the deploy" };
  return breach;
}

export function detectedAt(i: Pick<MetricsInput, "detectedAt" | "declaredAt" | "events">): Instant {
  if (i.detectedAt) return { at: i.detectedAt, basis: "detection" };
  // Whichever came first: a rule firing, or a person declaring before any rule did.
  const fired = first(i.events, (e) => isKind(e.kind, "trigger.fired"));
  if (fired && fired.createdAt < i.declaredAt) return { at: fired.createdAt, basis: "the trigger firing" };
  return { at: i.declaredAt, basis: "the declaration" };
}

/** Verified healthy: the first passed verification after the rollback completed, else the completion; else resolution. */
export function recoveredAt(i: Pick<MetricsInput, "rollbackCompletedAt" | "resolvedAt" | "events">): Instant {
  if (i.rollbackCompletedAt) {
    const done = i.rollbackCompletedAt.getTime();
    const verified = first(i.events, (e) => isKind(e.kind, "verify.passed") && e.createdAt.getTime() >= done);
    return verified ? at(verified.createdAt, "verified healthy") : at(i.rollbackCompletedAt, "rollback completion");
  }
  return at(i.resolvedAt, "resolution");
}

/**
 * Revenue lost while the business metric (e.g. orders/s) ran below its baseline: the shortfall per
 * second × the impact duration × the value of one unit. Never negative; unknown without inputs.
 */
export function estimateRevenue(
  e: { baselinePerSec: number; duringPerSec: number; valuePerUnit: number },
  impact: Duration,
): IncidentMetrics["revenue"] {
  if (!impact.known) return { known: false, reason: `cannot estimate: user impact is unknown (${impact.reason})` };
  const values = [e.baselinePerSec, e.duringPerSec, e.valuePerUnit];
  if (values.some((v) => !Number.isFinite(v) || v < 0))
    return { known: false, reason: "cannot estimate: the inputs must be non-negative numbers" };
  const shortfall = Math.max(0, e.baselinePerSec - e.duringPerSec);
  const amount = Math.round(shortfall * (impact.ms / 1000) * e.valuePerUnit * 100) / 100;
  return {
    known: true,
    amount,
    basis: "estimated",
    note: `${shortfall.toFixed(3)}/s below baseline × ${Math.round(impact.ms / 1000)} s × ${e.valuePerUnit} per unit`,
  };
}

export function computeMetrics(i: MetricsInput): IncidentMetrics {
  const impactStarted = impactStartedAt(i);
  const detected = detectedAt(i);
  const recovered = recoveredAt(i);
  const userImpact = !impactStarted
    ? ({ known: false, reason: NO_IMPACT_START } as const)
    : between(impactStarted, recovered, "not recovered yet (no rollback completion or resolution time)");
  const revenueBasis = [...i.events]
    .reverse()
    .find((e) => isKind(e.kind, "metrics.updated") && obj(e.payload).revenueBasis);
  return {
    impactStarted,
    detected,
    recovered,
    timeToDetect: between(impactStarted, detected, NO_IMPACT_START),
    timeToDecision: between(detected, at(i.decisionAt, "the decision"), "no decision time recorded"),
    timeToRollback: between(
      at(i.rollbackStartedAt, "rollback start"),
      at(i.rollbackCompletedAt, "rollback completion"),
      "no completed rollback recorded",
    ),
    userImpact,
    dataLoss: i.dataLoss,
    revenue:
      i.revenueImpact === null
        ? { known: false, reason: "not entered" }
        : {
            known: true,
            amount: i.revenueImpact,
            basis: obj(revenueBasis?.payload).revenueBasis === "estimated" ? "estimated" : "entered",
            note:
              typeof obj(revenueBasis?.payload).revenueNote === "string"
                ? (obj(revenueBasis?.payload).revenueNote as string)
                : undefined,
          },
    rootCauseCategory: i.rootCauseCategory,
  };
}

export function formatDuration(d: Duration): string {
  if (!d.known) return "unknown";
  const s = Math.round(d.ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, "0")} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export type Aggregate = { mean: number | null; median: number | null; known: number; total: number };

/** Mean and median of the known durations (ms); unknown ones are counted, not averaged as 0. */
export function aggregate(durations: Duration[]): Aggregate {
  const ms = durations
    .filter((d): d is Extract<Duration, { known: true }> => d.known)
    .map((d) => d.ms)
    .sort((a, b) => a - b);
  const n = ms.length;
  return {
    mean: n ? ms.reduce((a, b) => a + b, 0) / n : null,
    median: n ? (n % 2 ? ms[(n - 1) / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2) : null,
    known: n,
    total: durations.length,
  };
}

/** Monday 00:00 UTC of the week containing `d`, as YYYY-MM-DD. */
export function weekOf(d: Date): string {
  const day = (d.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

export type TrendPoint = { week: string; incidents: number; mttdMin: number | null; mttrMin: number | null };

/** MTTD (mean time to detect) and MTTR (mean time to recover = user impact) per week, in minutes. */
export function trend(rows: { declaredAt: Date; metrics: IncidentMetrics }[]): TrendPoint[] {
  const weeks = new Map<string, IncidentMetrics[]>();
  for (const r of rows) {
    const w = weekOf(r.declaredAt);
    weeks.set(w, [...(weeks.get(w) ?? []), r.metrics]);
  }
  const min = (v: number | null) => (v === null ? null : Math.round((v / 60_000) * 10) / 10);
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, ms]) => ({
      week,
      incidents: ms.length,
      mttdMin: min(aggregate(ms.map((m) => m.timeToDetect)).mean),
      mttrMin: min(aggregate(ms.map((m) => m.userImpact)).mean),
    }));
}
