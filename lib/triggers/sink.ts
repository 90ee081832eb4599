import "server-only";
// The watcher's sink: turns rule transitions into incidents, timeline events and (policy "auto")
// rollbacks. The watcher announces each transition once, on the leader only (see watcher.ts).
import type { TriggerEvent, TriggerSink } from "@/lib/prometheus/watcher";
import { SIGNALS } from "@/lib/prometheus/signals";
import { handleFired, handleTransition, type Detection, type FiredOutcome } from "@/lib/triggers/handle";

export const AUTO_TRIGGER_SOURCE = "auto-trigger";

export function detectionOf(ev: TriggerEvent): Detection {
  const signal = SIGNALS[ev.rule];
  return {
    serviceId: ev.service.id,
    source: AUTO_TRIGGER_SOURCE,
    rule: ev.rule,
    ruleLabel: signal.label,
    query: ev.query,
    value: ev.value,
    threshold: ev.threshold,
    comparator: ev.comparator,
    unit: signal.unit,
    breachSince: ev.breachSince,
    firedAt: ev.at,
    message: ev.message,
    extra: {
      baseline: ev.baseline,
      baselineQuery: ev.baselineQuery,
      evaluatedAt: ev.at.toISOString(),
      instanceId: ev.instanceId,
      detail: ev.message,
    },
  };
}

export type SinkOptions = {
  log?: (msg: string) => void;
  /** Tests and the benchmark watch the outcome of each firing. */
  onOutcome?: (ev: TriggerEvent, outcome: FiredOutcome) => void;
};

export function createTriggerSink(opts: SinkOptions = {}): TriggerSink {
  const log = opts.log ?? ((m: string) => console.warn(m));
  return {
    async onFired(ev) {
      const outcome = await handleFired(detectionOf(ev));
      const rb = outcome.rollback;
      log(
        `[triggers] ${ev.service.name}/${ev.rule} fired (policy ${outcome.policy})` +
          (outcome.incidentId ? ` → incident ${outcome.incidentId}${outcome.created ? " (opened)" : ""}` : "") +
          (rb
            ? ` · rollback ${rb.kind}${"reason" in rb ? `: ${rb.reason}` : "error" in rb ? `: ${rb.error}` : ""}`
            : ""),
      );
      opts.onOutcome?.(ev, outcome);
    },
    async onResolved(ev) {
      await handleTransition("resolved", detectionOf(ev));
    },
    async onUnknown(ev) {
      log(`[triggers] ${ev.service.name}/${ev.rule} unknown: ${ev.message}`);
      await handleTransition("unknown", detectionOf(ev));
    },
    async onRecovered(ev) {
      await handleTransition("recovered", detectionOf(ev));
    },
  };
}
