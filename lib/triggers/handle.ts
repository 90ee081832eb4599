import "server-only";
// The per-service policy, shared by the watcher's sink and the Alertmanager webhook:
//   off    → nothing;
//   notify → open (or update) the service's incident, record the detection, propose the rollback;
//   auto   → the same, then start the rollback as the system user "auto-trigger" (auto-rollback.ts).
// Resolution, "unknown" and recovery only add timeline events to an open incident: they never open
// one, and nothing but a firing detection ever starts a rollback.
import { db } from "@/lib/db";
import { AUTO_TRIGGER } from "@/lib/auth/acting-user";
import type { Severity } from "@/lib/generated/prisma/enums";
import { formatUtc } from "@/lib/format/date";
import type { EventKind, EventPayload } from "@/lib/incidents/events";
import { appendEvent } from "@/lib/incidents/timeline";
import { DEFAULT_TRIGGER_CONFIG, parseTriggerConfig } from "@/lib/prometheus/rules";
import { AUTO_STRATEGY, startAutoRollback, type AutoRollbackOutcome } from "@/lib/triggers/auto-rollback";
import { describeComparison, type SignalUnit } from "@/lib/triggers/format";
import { openIncidentOf, recordDetection } from "@/lib/triggers/incident";

export type Detection = {
  serviceId: string;
  /** "auto-trigger" (the watcher) or "alertmanager". */
  source: string;
  rule: string;
  ruleLabel: string;
  query: string | null;
  value: number | null;
  threshold: number | null;
  comparator: ">" | "<" | null;
  unit?: SignalUnit;
  breachSince: Date | null;
  /** When it fired (the watcher's evaluation) or arrived (a webhook): the detection time. Default now. */
  firedAt?: Date;
  message: string;
  severity?: Severity;
  dedupeKey?: string;
  /** Anything else worth keeping on the event (baseline, labels, instance id...). */
  extra?: Record<string, unknown>;
};

export type FiredOutcome = {
  policy: "off" | "notify" | "auto" | "no_service";
  incidentId: string | null;
  created: boolean;
  duplicate: boolean;
  rollback: AutoRollbackOutcome | null;
};

/** The detection as its trigger.* events carry it; the JSON round trip drops what is undefined. */
function payloadOf(d: Detection): EventPayload<"trigger.fired"> {
  const payload: EventPayload<"trigger.fired"> = {
    rule: d.rule,
    query: d.query,
    value: d.value,
    threshold: d.threshold,
    comparator: d.comparator,
    unit: d.unit ?? null,
    breachSince: d.breachSince?.toISOString() ?? null,
    source: d.source,
    dedupeKey: d.dedupeKey,
    ...d.extra,
  };
  return JSON.parse(JSON.stringify(payload));
}

export async function handleFired(d: Detection): Promise<FiredOutcome> {
  const service = await db.service.findUnique({
    where: { id: d.serviceId },
    select: { id: true, name: true, namespace: true, deployments: true, triggerPolicy: true, triggerConfig: true },
  });
  if (!service) return { policy: "no_service", incidentId: null, created: false, duplicate: false, rollback: null };
  if (service.triggerPolicy === "off")
    return { policy: "off", incidentId: null, created: false, duplicate: false, rollback: null };

  const comparison = describeComparison({
    label: d.ruleLabel,
    value: d.value,
    comparator: d.comparator,
    threshold: d.threshold,
    unit: d.unit,
  });
  const since = d.breachSince ? ` since ${formatUtc(d.breachSince)}` : "";
  const recorded = await recordDetection({
    service,
    title: `${service.name}: ${comparison}`,
    severity: d.severity ?? "P2",
    source: d.source,
    // Two instants (issue 17): impact started at the first breach; detected when the rule fired.
    impactStartedAt: d.breachSince,
    detectedAt: d.firedAt ?? new Date(),
    actor: AUTO_TRIGGER.name,
    actorId: AUTO_TRIGGER.id,
    dedupeKey: d.dedupeKey,
    event: {
      kind: "trigger.fired",
      actor: AUTO_TRIGGER.name,
      actorId: AUTO_TRIGGER.id,
      message: `Rule ${d.rule} fired: ${comparison}${since}${d.query ? ` — query: ${d.query}` : ""}`,
      payload: payloadOf(d),
    },
  });
  const base = {
    policy: service.triggerPolicy,
    incidentId: recorded.incidentId,
    created: recorded.created,
    duplicate: recorded.duplicate,
  };
  if (recorded.duplicate) return { ...base, rollback: null };

  const deployment = service.deployments[0];
  if (!recorded.proposedBefore) {
    await appendEvent({
      incidentId: recorded.incidentId,
      kind: "trigger.rollback_proposed",
      actor: AUTO_TRIGGER.name,
      actorId: AUTO_TRIGGER.id,
      message: deployment
        ? `Proposed rollback: undo Deployment ${service.namespace}/${deployment} to its previous revision` +
          (service.triggerPolicy === "auto"
            ? " (policy auto: starting it now)."
            : " (policy notify: a commander confirms it).")
        : `Proposed rollback, but ${service.name} has no Deployment configured; pick a strategy on this page.`,
      payload: {
        strategy: AUTO_STRATEGY,
        params: deployment ? { deployment } : {},
        serviceId: service.id,
        policy: service.triggerPolicy,
      },
    });
  }
  if (service.triggerPolicy !== "auto") return { ...base, rollback: null };

  const cfg = parseTriggerConfig(service.triggerConfig);
  const cooldownSec = (cfg.ok ? cfg.config : DEFAULT_TRIGGER_CONFIG).autoRollbackCooldownSec;
  const rollback = await startAutoRollback(recorded.incidentId, service, { cooldownSec });
  return { ...base, rollback };
}

export type TransitionKind = "resolved" | "unknown" | "recovered";

/** Adds a resolved / unknown / recovered event to the service's open incident, if there is one. */
export async function handleTransition(kind: TransitionKind, d: Detection): Promise<string | null> {
  const incidentId = await openIncidentOf(d.serviceId);
  if (!incidentId) return null;
  const eventKind = `trigger.${kind}` as const satisfies EventKind;
  if (d.dedupeKey) {
    const seen = await db.timelineEvent.findFirst({
      where: { incidentId, kind: eventKind, payload: { path: ["dedupeKey"], equals: d.dedupeKey } },
      select: { id: true },
    });
    if (seen) return incidentId;
  }
  const comparison = describeComparison({
    label: d.ruleLabel,
    value: d.value,
    comparator: d.comparator,
    threshold: d.threshold,
    unit: d.unit,
  });
  const message =
    kind === "resolved"
      ? `Rule ${d.rule} resolved: ${comparison} no longer holds`
      : kind === "unknown"
        ? `Rule ${d.rule} is unknown (${d.message}): no data is not health, and nothing is triggered while it lasts`
        : `Rule ${d.rule} has data again: ${comparison}`;
  await appendEvent({
    incidentId,
    kind: eventKind,
    actor: AUTO_TRIGGER.name,
    actorId: AUTO_TRIGGER.id,
    message,
    payload: payloadOf(d),
  });
  return incidentId;
}
