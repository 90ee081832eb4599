// One service's rules: build the PromQL, query Prometheus (at one evaluation time), and run the pure
// rules. Query failures become "unknown" observations here; nothing in this file throws for them.
import { isAppError } from "@/lib/errors";
import { singleValue, type PrometheusClient } from "@/lib/prometheus/client";
import {
  RULE_NAMES,
  baselineWindowSec,
  evaluateRule,
  needsBaseline,
  parseTriggerConfig,
  usesBaseline,
  DEFAULT_TRIGGER_CONFIG,
  INITIAL_RULE_STATE,
  type Evaluation,
  type Observation,
  type RuleName,
  type RuleState,
} from "@/lib/prometheus/rules";
import { baselineQuery, signalQuery } from "@/lib/prometheus/signals";

export type RuleResult = {
  rule: RuleName;
  query: string;
  baselineQuery: string | null;
  baseline: number | null;
  evaluation: Evaluation;
};

type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/** A tiny semaphore so 100 services × 6 queries do not open 600 sockets at once. */
export function limiter(max: number): Limit {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function errorText(e: unknown): string {
  return isAppError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
}

async function read(client: PrometheusClient, limit: Limit, promql: string, now: number): Promise<Observation> {
  try {
    return { ok: true, value: singleValue(await limit(() => client.query(promql, { time: now }))) };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

export async function evaluateService(
  client: PrometheusClient,
  service: { name: string; promQueries: unknown; triggerConfig: unknown },
  previous: (rule: RuleName) => RuleState | undefined,
  now: number,
  limit: Limit = (fn) => fn(),
): Promise<RuleResult[]> {
  const parsed = parseTriggerConfig(service.triggerConfig);
  if (!parsed.ok) {
    // A broken config is shown on every rule, never replaced by defaults behind the owner's back.
    return RULE_NAMES.map((rule) => {
      const prev = previous(rule) ?? INITIAL_RULE_STATE;
      const evaluation = evaluateRule(rule, DEFAULT_TRIGGER_CONFIG, prev, { ok: false, error: parsed.error }, now);
      return { rule, query: "", baselineQuery: null, baseline: null, evaluation };
    });
  }
  const cfg = parsed.config;
  const rules = RULE_NAMES.filter((r) => cfg[r].enabled);
  return Promise.all(
    rules.map(async (rule): Promise<RuleResult> => {
      const prev = previous(rule) ?? INITIAL_RULE_STATE;
      let query = "";
      let bq: string | null = null;
      try {
        query = signalQuery(service, rule, { rateWindowSec: cfg.rateWindowSec });
        if (usesBaseline(rule) && needsBaseline(rule, prev)) {
          const windowSec = baselineWindowSec(cfg, rule);
          bq = baselineQuery(query, { windowSec, offsetSec: cfg.rateWindowSec, stepSec: Math.max(1, Math.round(windowSec / 30)) });
        }
      } catch (e) {
        const evaluation = evaluateRule(rule, cfg, prev, { ok: false, error: errorText(e) }, now);
        return { rule, query, baselineQuery: null, baseline: null, evaluation };
      }
      const [obs, base] = await Promise.all([read(client, limit, query, now), bq ? read(client, limit, bq, now) : null]);
      let observation: Observation = obs;
      if (obs.ok && base) observation = base.ok ? { ...obs, baseline: base.value } : { ok: false, error: `baseline: ${base.error}` };
      const baseline = base?.ok ? base.value : null;
      return { rule, query, baselineQuery: bq, baseline, evaluation: evaluateRule(rule, cfg, prev, observation, now) };
    }),
  );
}
