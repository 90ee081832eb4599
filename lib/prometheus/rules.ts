// The trigger rules, as a pure function of (config, previous state, observation, now). Pure so that
// every edge (for-durations, missing data, resolution) is unit-tested without Prometheus or a clock.
//
// Semantics, one rule per signal:
// - errorRate:     value > threshold (default 5 %) for forSec (default 5 min).
// - p95Latency:    value > factor × baseline (default 2×) for forSec (default 10 min).
// - healthSuccess: share of failing checks > maxFailingRatio (default 50 %), i.e. value < 1 − max.
// - business:      value < (1 − maxDropRatio) × baseline (default: down more than 20 %).
// Baseline = the signal's average over baselineSec (default = forSec, "the same window length")
// immediately before the current rate window. It is read while the rule is ok and FROZEN into the
// threshold when a breach starts, so a long breach cannot drag its own baseline up and look resolved.
//
// States: ok → pending (breach seen, since T) → firing (breach held ≥ forSec) → ok (resolved).
// Missing data (query error, empty result, NaN, no baseline) is "unknown": never health, never fires.
// unknown drops a pending breach (its clock restarts when data returns); a firing episode survives
// unknown, so data coming back still breaching does not fire twice, and healthy data resolves it.
import { z } from "zod";
import { SIGNAL_NAMES, type SignalName } from "@/lib/prometheus/signals";

export const RULE_NAMES = SIGNAL_NAMES;
export type RuleName = SignalName;
export type RuleStatus = "ok" | "pending" | "firing" | "unknown";
export type Comparator = ">" | "<";

const sec = (def: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(def);
const ratio = (def: number) => z.number().min(0).max(1).default(def);

export const triggerConfigSchema = z
  .object({
    /** The rate() window of the default queries. At least 2 scrape intervals. */
    rateWindowSec: z.number().int().min(1).max(86_400).default(60),
    /** After an automatic rollback of this service, no other one starts for this long (a flapping rule). */
    autoRollbackCooldownSec: sec(600),
    errorRate: z
      .object({ enabled: z.boolean().default(true), threshold: ratio(0.05), forSec: sec(300) })
      .strict()
      .prefault({}),
    p95Latency: z
      .object({
        enabled: z.boolean().default(true),
        factor: z.number().gt(1).max(1000).default(2),
        forSec: sec(600),
        baselineSec: sec(0),
      })
      .strict()
      .prefault({}),
    healthSuccess: z
      .object({ enabled: z.boolean().default(true), maxFailingRatio: ratio(0.5), forSec: sec(60) })
      .strict()
      .prefault({}),
    business: z
      .object({
        enabled: z.boolean().default(true),
        maxDropRatio: z.number().gt(0).lt(1).default(0.2),
        forSec: sec(600),
        baselineSec: sec(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type TriggerConfig = z.infer<typeof triggerConfigSchema>;
export type TriggerConfigInput = z.input<typeof triggerConfigSchema>;

export const DEFAULT_TRIGGER_CONFIG: TriggerConfig = triggerConfigSchema.parse({});

/** Rules compared against a baseline need a second query. */
export function usesBaseline(rule: RuleName): rule is "p95Latency" | "business" {
  return rule === "p95Latency" || rule === "business";
}

/** The baseline window length: baselineSec, or the rule's forSec when 0 ("the same window"). */
export function baselineWindowSec(cfg: TriggerConfig, rule: "p95Latency" | "business"): number {
  const c = cfg[rule];
  return c.baselineSec || c.forSec || cfg.rateWindowSec;
}

export type RuleState = {
  status: RuleStatus;
  value: number | null;
  /** The absolute threshold compared against (frozen during a breach for baseline rules). */
  threshold: number | null;
  /** First breaching observation of the current episode; kept through unknown while firing. */
  breachSince: number | null;
  lastFiredAt: number | null;
  message: string | null;
};

export const INITIAL_RULE_STATE: RuleState = {
  status: "ok",
  value: null,
  threshold: null,
  breachSince: null,
  lastFiredAt: null,
  message: null,
};

/** value null = the query answered but with no usable number. */
export type Observation = { ok: true; value: number | null; baseline?: number | null } | { ok: false; error: string };

export type TransitionKind = "pending" | "fired" | "resolved" | "unknown" | "recovered";
export type Transition = {
  kind: TransitionKind;
  rule: RuleName;
  value: number | null;
  threshold: number | null;
  comparator: Comparator;
  breachSince: number | null;
  message: string;
};

export type Evaluation = { state: RuleState; transitions: Transition[] };

export function comparatorOf(rule: RuleName): Comparator {
  return rule === "healthSuccess" || rule === "business" ? "<" : ">";
}

/** The threshold a fresh breach would be judged against, or a reason why there is none. */
export function thresholdFor(rule: RuleName, cfg: TriggerConfig, baseline: number | null | undefined): number | string {
  switch (rule) {
    case "errorRate":
      return cfg.errorRate.threshold;
    case "healthSuccess":
      return 1 - cfg.healthSuccess.maxFailingRatio;
    case "p95Latency":
    case "business": {
      if (baseline == null || !Number.isFinite(baseline) || baseline < 0)
        return "no baseline (no data in the baseline window)";
      return rule === "p95Latency" ? cfg.p95Latency.factor * baseline : (1 - cfg.business.maxDropRatio) * baseline;
    }
  }
}

export function breaches(comparator: Comparator, value: number, threshold: number): boolean {
  return comparator === ">" ? value > threshold : value < threshold;
}

/** A firing episode, possibly interrupted by missing data. */
function inEpisode(prev: RuleState): boolean {
  return prev.status === "firing" || (prev.status === "unknown" && prev.breachSince !== null);
}

/** During a breach a baseline rule keeps the threshold it started with (so no baseline query). */
export function hasFrozenThreshold(rule: RuleName, prev: RuleState): boolean {
  return usesBaseline(rule) && (prev.status === "pending" || inEpisode(prev)) && prev.threshold !== null;
}

/** Whether the caller must query the baseline for this evaluation. */
export function needsBaseline(rule: RuleName, prev: RuleState): boolean {
  return usesBaseline(rule) && !hasFrozenThreshold(rule, prev);
}

export function evaluateRule(
  rule: RuleName,
  cfg: TriggerConfig,
  prev: RuleState,
  obs: Observation,
  now: number,
): Evaluation {
  const comparator = comparatorOf(rule);
  const forMs = cfg[rule].forSec * 1000;
  const episode = inEpisode(prev);
  const out: Transition[] = [];
  const emit = (kind: TransitionKind, s: RuleState, message: string) =>
    out.push({ kind, rule, value: s.value, threshold: s.threshold, comparator, breachSince: s.breachSince, message });

  const frozen = hasFrozenThreshold(rule, prev);
  const threshold: number | string = !obs.ok
    ? obs.error
    : frozen
      ? prev.threshold!
      : thresholdFor(rule, cfg, obs.baseline);
  const value = obs.ok && obs.value !== null && Number.isFinite(obs.value) ? obs.value : null;

  if (!obs.ok || value === null || typeof threshold === "string") {
    const message = !obs.ok ? obs.error : value === null ? "no data" : (threshold as string);
    const state: RuleState = {
      status: "unknown",
      value,
      threshold: typeof threshold === "number" ? threshold : episode ? prev.threshold : null,
      breachSince: episode ? prev.breachSince : null,
      lastFiredAt: prev.lastFiredAt,
      message,
    };
    if (prev.status !== "unknown") emit("unknown", state, message);
    return { state, transitions: out };
  }

  const base = { value, threshold, lastFiredAt: prev.lastFiredAt };
  const wasUnknown = prev.status === "unknown";
  if (!breaches(comparator, value, threshold)) {
    const state: RuleState = { ...base, status: "ok", breachSince: null, message: null };
    if (wasUnknown) emit("recovered", state, "data is back");
    if (episode) emit("resolved", state, `back within threshold (${comparator} ${threshold} no longer true)`);
    return { state, transitions: out };
  }

  if (episode) {
    const state: RuleState = { ...base, status: "firing", breachSince: prev.breachSince, message: null };
    if (wasUnknown) emit("recovered", state, "data is back, still breaching");
    return { state, transitions: out };
  }
  if (wasUnknown) emit("recovered", { ...base, status: "ok", breachSince: null, message: null }, "data is back");
  const breachSince = prev.status === "pending" && prev.breachSince !== null ? prev.breachSince : now;
  if (now - breachSince >= forMs) {
    const state: RuleState = { ...base, status: "firing", breachSince, lastFiredAt: now, message: null };
    emit("fired", state, `${comparator} ${threshold} held for ${Math.round((now - breachSince) / 1000)}s`);
    return { state, transitions: out };
  }
  const state: RuleState = { ...base, status: "pending", breachSince, message: null };
  if (prev.status !== "pending") emit("pending", state, `breach started; fires after ${cfg[rule].forSec}s`);
  return { state, transitions: out };
}

/** Parses Service.triggerConfig; an invalid config is an error the caller shows, never a default. */
export function parseTriggerConfig(json: unknown): { ok: true; config: TriggerConfig } | { ok: false; error: string } {
  const r = triggerConfigSchema.safeParse(json ?? {});
  if (r.success) return { ok: true, config: r.data };
  return {
    ok: false,
    error: `Invalid triggerConfig: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
  };
}
