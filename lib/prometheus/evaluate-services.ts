// All services' rules in one pass: plan the PromQL, query Prometheus once per distinct query (the
// defaults are batched across services, overrides run alone), then run the pure rules. Query
// failures become "unknown" observations here; nothing in this file throws for them.
import { operatorMessageOf } from "@/lib/errors";
import { singleValue, type PrometheusClient } from "@/lib/prometheus/client";
import {
  DEFAULT_TRIGGER_CONFIG,
  INITIAL_RULE_STATE,
  RULE_NAMES,
  baselineWindowSec,
  evaluateRule,
  needsBaseline,
  parseTriggerConfig,
  type Evaluation,
  type Observation,
  type RuleName,
  type RuleState,
} from "@/lib/prometheus/rules";
import { baselineQuery, batchSignalQuery, parsePromQueries, signalQuery } from "@/lib/prometheus/signals";

export type ServiceInput = { id: string; name: string; promQueries: unknown; triggerConfig: unknown };

export type RuleResult = {
  rule: RuleName;
  /** This service's PromQL (what the timeline shows), even when it was answered by a batched query. */
  query: string;
  baselineQuery: string | null;
  baseline: number | null;
  evaluation: Evaluation;
};

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/** A tiny semaphore: Prometheus queues (and times out) when hundreds of queries arrive at once. */
export function limiter(max: number): Limit {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    while (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** How to read one number: the whole (single-service) result, or the batch's series of a service. */
type Read = { promql: string; service: string | null };
type Answer = { ok: true; single: number | null; byService: Map<string, number> } | { ok: false; error: string };

async function ask(client: PrometheusClient, promql: string, batched: boolean, now: number): Promise<Answer> {
  try {
    const r = await client.query(promql, { time: now });
    if (!batched) return { ok: true, single: singleValue(r), byService: new Map() };
    const byService = new Map<string, number>();
    if (r.kind === "vector")
      for (const s of r.samples) if (s.labels.service !== undefined) byService.set(s.labels.service, s.value);
    return { ok: true, single: null, byService };
  } catch (e) {
    return { ok: false, error: operatorMessageOf(e) };
  }
}

function observe(a: Answer, read: Read): Observation {
  if (!a.ok) return a;
  const v = read.service === null ? a.single : (a.byService.get(read.service) ?? null);
  return { ok: true, value: v !== null && Number.isFinite(v) ? v : null };
}

type Planned = {
  service: ServiceInput;
  rule: RuleName;
  prev: RuleState;
  query: string;
  bq: string | null;
  cur?: Read;
  base?: Read;
  error?: string;
};

export async function evaluateServices(
  client: PrometheusClient,
  services: ServiceInput[],
  previous: (serviceId: string, rule: RuleName) => RuleState | undefined,
  now: number,
  limit: Limit = (fn) => fn(),
): Promise<Map<string, RuleResult[]>> {
  const plans: Planned[] = [];
  const configs = new Map<string, ReturnType<typeof parseTriggerConfig>>();
  const batchedQueries = new Set<string>();

  for (const service of services) {
    const parsed = parseTriggerConfig(service.triggerConfig);
    configs.set(service.id, parsed);
    const cfg = parsed.ok ? parsed.config : DEFAULT_TRIGGER_CONFIG;
    let overrides: ReturnType<typeof parsePromQueries> | undefined;
    let configError = parsed.ok ? undefined : parsed.error;
    try {
      overrides = parsePromQueries(service.promQueries);
    } catch (e) {
      configError ??= operatorMessageOf(e);
    }
    // A broken config shows on every rule, never replaced by defaults behind the owner's back.
    const rules = configError ? RULE_NAMES : RULE_NAMES.filter((r) => cfg[r].enabled);
    for (const rule of rules) {
      const prev = previous(service.id, rule) ?? INITIAL_RULE_STATE;
      if (configError) {
        plans.push({ service, rule, prev, query: "", bq: null, error: configError });
        continue;
      }
      const window = { rateWindowSec: cfg.rateWindowSec };
      const query = signalQuery(service, rule, window);
      const own = overrides?.[rule] !== undefined;
      const cur = own ? query : batchSignalQuery(rule, window);
      const plan: Planned = {
        service,
        rule,
        prev,
        query,
        bq: null,
        cur: { promql: cur, service: own ? null : service.name },
      };
      if (!own) batchedQueries.add(cur);
      if (needsBaseline(rule, prev) && (rule === "p95Latency" || rule === "business")) {
        const windowSec = baselineWindowSec(cfg, rule);
        const b = { windowSec, offsetSec: cfg.rateWindowSec, stepSec: Math.max(1, Math.round(windowSec / 30)) };
        plan.bq = baselineQuery(query, b);
        plan.base = { promql: own ? plan.bq : baselineQuery(cur, b), service: plan.cur!.service };
        if (!own) batchedQueries.add(plan.base.promql);
      }
      plans.push(plan);
    }
  }

  const answers = new Map<string, Promise<Answer>>();
  const answer = (promql: string) => {
    let a = answers.get(promql);
    if (!a) answers.set(promql, (a = limit(() => ask(client, promql, batchedQueries.has(promql), now))));
    return a;
  };
  for (const p of plans) {
    if (p.cur) void answer(p.cur.promql);
    if (p.base) void answer(p.base.promql);
  }

  const out = new Map<string, RuleResult[]>();
  for (const p of plans) {
    const parsed = configs.get(p.service.id)!;
    const cfg = parsed.ok ? parsed.config : DEFAULT_TRIGGER_CONFIG;
    let obs: Observation = { ok: false, error: p.error ?? "not queried" };
    let baseline: number | null = null;
    if (p.cur) {
      obs = observe(await answer(p.cur.promql), p.cur);
      if (p.base) {
        const b = observe(await answer(p.base.promql), p.base);
        baseline = b.ok ? b.value : null;
        if (obs.ok) obs = b.ok ? { ...obs, baseline: b.value } : { ok: false, error: `baseline: ${b.error}` };
      }
    }
    const result: RuleResult = {
      rule: p.rule,
      query: p.query,
      baselineQuery: p.bq,
      baseline,
      evaluation: evaluateRule(p.rule, cfg, p.prev, obs, now),
    };
    const list = out.get(p.service.id) ?? [];
    list.push(result);
    out.set(p.service.id, list);
  }
  return out;
}
