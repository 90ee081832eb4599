import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRIGGER_CONFIG,
  INITIAL_RULE_STATE,
  evaluateRule,
  needsBaseline,
  parseTriggerConfig,
  triggerConfigSchema,
  type Observation,
  type RuleName,
  type RuleState,
  type TriggerConfig,
} from "./rules";

const S = 1000;
const T0 = 1_800_000_000_000;
const val = (value: number | null, baseline?: number | null): Observation => ({ ok: true, value, baseline });
const down: Observation = { ok: false, error: "Prometheus unreachable at http://x" };

/** Feeds observations at the given offsets (seconds from T0); returns states and transition kinds. */
function run(
  rule: RuleName,
  steps: [number, Observation][],
  cfg: TriggerConfig = DEFAULT_TRIGGER_CONFIG,
  start: RuleState = INITIAL_RULE_STATE,
) {
  let state = start;
  const log: { at: number; status: string; kinds: string[] }[] = [];
  for (const [at, obs] of steps) {
    const r = evaluateRule(rule, cfg, state, obs, T0 + at * S);
    state = r.state;
    log.push({ at, status: state.status, kinds: r.transitions.map((t) => t.kind) });
  }
  return { state, log, statuses: log.map((l) => l.status), kinds: log.flatMap((l) => l.kinds) };
}

describe("config", () => {
  it("fills every default from {}", () => {
    expect(DEFAULT_TRIGGER_CONFIG).toMatchObject({
      rateWindowSec: 60,
      errorRate: { enabled: true, threshold: 0.05, forSec: 300 },
      p95Latency: { factor: 2, forSec: 600, baselineSec: 0 },
      healthSuccess: { maxFailingRatio: 0.5, forSec: 60 },
      business: { maxDropRatio: 0.2, forSec: 600 },
    });
  });
  it("overrides one field and keeps the other defaults", () => {
    const c = triggerConfigSchema.parse({ errorRate: { forSec: 5 } });
    expect(c.errorRate).toEqual({ enabled: true, threshold: 0.05, forSec: 5 });
    expect(c.p95Latency.factor).toBe(2);
  });
  it("refuses typos and out-of-range values with a readable error", () => {
    const r = parseTriggerConfig({ errorRate: { treshold: 0.1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/errorRate/);
    expect(parseTriggerConfig({ errorRate: { threshold: 5 } }).ok).toBe(false);
    expect(parseTriggerConfig({ business: { maxDropRatio: 1 } }).ok).toBe(false);
    expect(parseTriggerConfig(null).ok).toBe(true);
  });
});

describe("error rate: > 5 % for 5 min", () => {
  it("stays ok under the threshold and at exactly the threshold", () => {
    expect(
      run("errorRate", [
        [0, val(0.01)],
        [15, val(0.05)],
      ]).statuses,
    ).toEqual(["ok", "ok"]);
  });
  it("goes pending, then fires only once the breach has held the whole window", () => {
    const r = run("errorRate", [
      [0, val(0.2)],
      [150, val(0.2)],
      [299, val(0.2)],
      [300, val(0.2)],
      [315, val(0.3)],
    ]);
    expect(r.statuses).toEqual(["pending", "pending", "pending", "firing", "firing"]);
    expect(r.kinds).toEqual(["pending", "fired"]);
    expect(r.state.breachSince).toBe(T0);
    expect(r.state.lastFiredAt).toBe(T0 + 300 * S);
  });
  it("a dip under the threshold restarts the window", () => {
    const r = run("errorRate", [
      [0, val(0.2)],
      [200, val(0.01)],
      [215, val(0.2)],
      [400, val(0.2)],
      [515, val(0.2)],
    ]);
    expect(r.statuses).toEqual(["pending", "ok", "pending", "pending", "firing"]);
    expect(r.state.breachSince).toBe(T0 + 215 * S);
  });
  it("resolves when back under the threshold, with the value and threshold", () => {
    const cfg = triggerConfigSchema.parse({ errorRate: { forSec: 0 } });
    const a = evaluateRule("errorRate", cfg, INITIAL_RULE_STATE, val(0.5), T0);
    expect(a.state.status).toBe("firing");
    expect(a.transitions).toMatchObject([
      { kind: "fired", value: 0.5, threshold: 0.05, comparator: ">", breachSince: T0 },
    ]);
    const b = evaluateRule("errorRate", cfg, a.state, val(0.01), T0 + 15 * S);
    expect(b.state).toMatchObject({ status: "ok", breachSince: null, lastFiredAt: T0 });
    expect(b.transitions).toMatchObject([{ kind: "resolved", value: 0.01, threshold: 0.05 }]);
  });
});

describe("missing data is never health and never fires", () => {
  it("a query error, an empty result and NaN are unknown", () => {
    for (const obs of [down, val(null), val(NaN), val(Infinity)]) {
      const r = evaluateRule("errorRate", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, obs, T0);
      expect(r.state.status).toBe("unknown");
      expect(r.transitions.map((t) => t.kind)).toEqual(["unknown"]);
    }
    expect(evaluateRule("errorRate", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, down, T0).state.message).toMatch(
      /unreachable/,
    );
  });
  it("announces unknown once, not on every evaluation", () => {
    expect(
      run("errorRate", [
        [0, down],
        [15, down],
        [30, val(null)],
      ]).kinds,
    ).toEqual(["unknown"]);
  });
  it("drops a pending breach: the window restarts when data returns", () => {
    const r = run("errorRate", [
      [0, val(0.2)],
      [200, down],
      [250, val(0.2)],
      [400, val(0.2)],
      [550, val(0.2)],
    ]);
    expect(r.statuses).toEqual(["pending", "unknown", "pending", "pending", "firing"]);
    expect(r.kinds).toEqual(["pending", "unknown", "recovered", "pending", "fired"]);
  });
  it("a firing episode survives unknown without firing again, and resolves on healthy data", () => {
    const cfg = triggerConfigSchema.parse({ errorRate: { forSec: 0 } });
    const r = run(
      "errorRate",
      [
        [0, val(0.2)],
        [15, down],
        [30, val(0.3)],
        [45, down],
        [60, val(0.01)],
      ],
      cfg,
    );
    expect(r.statuses).toEqual(["firing", "unknown", "firing", "unknown", "ok"]);
    expect(r.kinds).toEqual(["fired", "unknown", "recovered", "unknown", "recovered", "resolved"]);
    expect(r.log[1]).toMatchObject({ status: "unknown" });
  });
  it("never goes from unknown straight to firing without a full window (forSec > 0)", () => {
    const r = run("errorRate", [
      [0, down],
      [1000, val(0.9)],
    ]);
    expect(r.statuses).toEqual(["unknown", "pending"]);
  });
});

describe("p95 latency: > 2× baseline for 10 min", () => {
  it("compares against factor × baseline", () => {
    const a = evaluateRule("p95Latency", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, val(0.3, 0.1), T0);
    expect(a.state).toMatchObject({ status: "pending", threshold: 0.2 });
    expect(evaluateRule("p95Latency", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, val(0.2, 0.1), T0).state.status).toBe(
      "ok",
    );
  });
  it("freezes the threshold at breach start so the breach cannot raise its own baseline", () => {
    const r = run("p95Latency", [
      [0, val(0.3, 0.1)],
      [300, val(0.3, 0.3)],
      [600, val(0.3, 0.3)],
    ]);
    expect(r.statuses).toEqual(["pending", "pending", "firing"]);
    expect(r.state.threshold).toBeCloseTo(0.2);
  });
  it("needs no baseline query while frozen, and is unknown without a baseline when ok", () => {
    const pending = evaluateRule("p95Latency", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, val(0.3, 0.1), T0).state;
    expect(needsBaseline("p95Latency", pending)).toBe(false);
    expect(needsBaseline("p95Latency", INITIAL_RULE_STATE)).toBe(true);
    expect(needsBaseline("errorRate", INITIAL_RULE_STATE)).toBe(false);
    const r = evaluateRule("p95Latency", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, val(0.3, null), T0);
    expect(r.state).toMatchObject({ status: "unknown", message: expect.stringMatching(/baseline/) });
  });
  it("resolves against the frozen threshold", () => {
    const cfg = triggerConfigSchema.parse({ p95Latency: { forSec: 0 } });
    const r = run(
      "p95Latency",
      [
        [0, val(1, 0.1)],
        [15, val(0.25)],
        [30, val(0.15)],
      ],
      cfg,
    );
    expect(r.statuses).toEqual(["firing", "firing", "ok"]);
    expect(r.kinds).toEqual(["fired", "resolved"]);
  });
});

describe("health checks: > 50 % failing", () => {
  it("fires below 50 % passing after forSec, not at exactly half", () => {
    const cfg = triggerConfigSchema.parse({ healthSuccess: { forSec: 30 } });
    expect(run("healthSuccess", [[0, val(0.5)]], cfg).statuses).toEqual(["ok"]);
    const r = run(
      "healthSuccess",
      [
        [0, val(0.25)],
        [30, val(0)],
      ],
      cfg,
    );
    expect(r.statuses).toEqual(["pending", "firing"]);
    expect(r.state).toMatchObject({ threshold: 0.5 });
  });
});

describe("business: down > 20 % against baseline", () => {
  it("fires when the value drops under 80 % of the baseline for the window", () => {
    const cfg = triggerConfigSchema.parse({ business: { forSec: 60 } });
    expect(run("business", [[0, val(8.5, 10)]], cfg).statuses).toEqual(["ok"]);
    const r = run(
      "business",
      [
        [0, val(5, 10)],
        [30, val(5, 5)],
        [60, val(4)],
      ],
      cfg,
    );
    expect(r.statuses).toEqual(["pending", "pending", "firing"]);
    expect(r.state.threshold).toBeCloseTo(8);
    expect(r.kinds).toEqual(["pending", "fired"]);
  });
  it("a zero baseline never breaches", () => {
    expect(evaluateRule("business", DEFAULT_TRIGGER_CONFIG, INITIAL_RULE_STATE, val(0, 0), T0).state.status).toBe("ok");
  });
});
