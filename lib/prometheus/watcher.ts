import "server-only";
// The background trigger watcher: every intervalMs the leader (see leader.ts) evaluates every
// service's rules, persists each rule's state in TriggerState, and tells the sink about transitions.
// Sinks are told at most once per transition: the state is committed first, then announced, so a
// crash in between loses an announcement rather than firing twice (an auto-rollback must not repeat).
import { env } from "@/lib/env";
import { operatorMessageOf } from "@/lib/errors";
import { createPrometheusClient } from "@/lib/prometheus/client";
import { evaluateServices, limiter } from "@/lib/prometheus/evaluate-services";
import { createLeadership } from "@/lib/prometheus/leader";
import type { Comparator, RuleName, TransitionKind } from "@/lib/prometheus/rules";
import { loadServices, loadStates, saveStates, stateKey, type StateWrite } from "@/lib/prometheus/trigger-store";

export type TriggerEventKind = Exclude<TransitionKind, "pending">;

export type TriggerEvent = {
  kind: TriggerEventKind;
  service: { id: string; name: string; triggerPolicy: string };
  rule: RuleName;
  /** The PromQL evaluated, and the baseline's when one was read for this evaluation. */
  query: string;
  baselineQuery: string | null;
  baseline: number | null;
  value: number | null;
  threshold: number | null;
  comparator: Comparator;
  /** First breaching observation: the incident's "detected" time. */
  breachSince: Date | null;
  at: Date;
  message: string;
  instanceId: string;
};

export type TriggerSink = {
  onFired(ev: TriggerEvent): Promise<void> | void;
  onResolved(ev: TriggerEvent): Promise<void> | void;
  onUnknown(ev: TriggerEvent): Promise<void> | void;
  /** Data is back after "unknown" (e.g. clear the dashboard's "Prometheus unreachable" alert). */
  onRecovered?(ev: TriggerEvent): Promise<void> | void;
};

export type WatcherOptions = {
  prometheusUrl: string;
  sink: TriggerSink;
  /** Names this replica in logs and events (e.g. hostname + pid). */
  instanceId: string;
  /** 0 disables the timer: only evaluateOnce() evaluates (tests, benches). */
  intervalMs?: number;
  databaseUrl?: string;
  queryTimeoutMs?: number;
  /** Prometheus queries in flight at once. */
  concurrency?: number;
  /** Only these services (tests); default every service whose policy is not "off". */
  serviceNames?: readonly string[];
  lockKey?: readonly [number, number];
  log?: (msg: string) => void;
};

export type EvaluationReport = {
  leader: boolean;
  services: number;
  rules: number;
  events: TriggerEvent[];
  durationMs: number;
};

export type Watcher = { evaluateOnce(): Promise<EvaluationReport>; isLeader(): boolean; stop(): Promise<void> };

export function startWatcher(opts: WatcherOptions): Watcher {
  const log = opts.log ?? ((m: string) => console.warn(m));
  const intervalMs = opts.intervalMs ?? 15_000;
  const client = createPrometheusClient({ baseUrl: opts.prometheusUrl, timeoutMs: opts.queryTimeoutMs ?? 5_000 });
  const databaseUrl = opts.databaseUrl ?? env().DATABASE_URL;
  if (!databaseUrl)
    throw new Error("The trigger watcher needs a database (DATABASE_URL) for leader election and TriggerState");
  const leadership = createLeadership({
    databaseUrl,
    instanceId: opts.instanceId,
    lockKey: opts.lockKey,
    log,
  });
  const limit = limiter(opts.concurrency ?? 8);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function evaluate(): Promise<EvaluationReport> {
    const started = performance.now();
    const report = (over: Partial<EvaluationReport>): EvaluationReport => ({
      leader: false,
      services: 0,
      rules: 0,
      events: [],
      durationMs: performance.now() - started,
      ...over,
    });
    const conn = await leadership.acquire();
    if (!conn) return report({});
    const now = Date.now();
    const writes: StateWrite[] = [];
    const pendingEvents: { key: string; ev: TriggerEvent }[] = [];
    let services: Awaited<ReturnType<typeof loadServices>>;
    let landed: Set<string>;
    try {
      services = await loadServices(conn, opts.serviceNames);
      const stored = await loadStates(
        conn,
        services.map((s) => s.id),
      );
      const results = await evaluateServices(
        client,
        services,
        (id, rule) => stored.get(stateKey(id, rule))?.state,
        now,
        limit,
      );
      for (const s of services) {
        for (const r of results.get(s.id) ?? []) {
          const key = stateKey(s.id, r.rule);
          writes.push({
            serviceId: s.id,
            rule: r.rule,
            state: r.evaluation.state,
            evaluatedAt: now,
            token: stored.get(key)?.token ?? null,
          });
          for (const t of r.evaluation.transitions) {
            if (t.kind === "pending") continue;
            pendingEvents.push({
              key,
              ev: {
                kind: t.kind,
                service: { id: s.id, name: s.name, triggerPolicy: s.triggerPolicy },
                rule: r.rule,
                query: r.query,
                baselineQuery: r.baselineQuery,
                baseline: r.baseline,
                value: t.value,
                threshold: t.threshold,
                comparator: t.comparator,
                breachSince: t.breachSince === null ? null : new Date(t.breachSince),
                at: new Date(now),
                message: t.message,
                instanceId: opts.instanceId,
              },
            });
          }
        }
      }
      landed = await saveStates(conn, writes);
    } catch (e) {
      // Any error on the leader's session may mean the session is gone; re-acquire next time.
      leadership.drop(`evaluation failed: ${operatorMessageOf(e)}`);
      throw e;
    }
    const events = pendingEvents.filter((p) => landed.has(p.key)).map((p) => p.ev);
    for (const ev of events) await announce(ev);
    return report({ leader: true, services: services.length, rules: writes.length, events });
  }

  async function announce(ev: TriggerEvent) {
    const sink = opts.sink;
    try {
      if (ev.kind === "fired") await sink.onFired(ev);
      else if (ev.kind === "resolved") await sink.onResolved(ev);
      else if (ev.kind === "unknown") await sink.onUnknown(ev);
      else await sink.onRecovered?.(ev);
    } catch (e) {
      log(
        `[watcher ${opts.instanceId}] sink failed on ${ev.kind} ${ev.service.name}/${ev.rule}: ${operatorMessageOf(e)}`,
      );
    }
  }

  // One evaluation at a time per instance, whether from the timer or a caller.
  function evaluateOnce(): Promise<EvaluationReport> {
    const p = running.then(evaluate, evaluate);
    running = p.catch(() => {});
    return p;
  }

  function schedule() {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(async () => {
      try {
        await evaluateOnce();
      } catch (e) {
        log(`[watcher ${opts.instanceId}] evaluation failed: ${operatorMessageOf(e)}`);
      }
      schedule();
    }, intervalMs);
    timer.unref?.();
  }
  schedule();

  return {
    evaluateOnce,
    isLeader: () => leadership.isLeader(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await leadership.release();
    },
  };
}
