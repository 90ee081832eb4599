// Every timeline event kind, with the shape of its payload. Writers go through appendEvent, typed
// by this catalog and validated against it before the insert; readers narrow with parseEvent or
// the kind helpers below. A kind renamed on one side, or read under a name nothing writes, fails
// to compile instead of drifting. Rows written before a kind was catalogued (or under a name since
// dropped) still parse, as "unknown", and still render: the timeline is append-only.
// Client-safe: zod and the generated enums only.
import { z } from "zod";
import {
  ChecklistPhase,
  IncidentStatus,
  NoticeKind,
  Severity,
  TriggerPolicy,
  WebhookKind,
} from "@/lib/generated/prisma/enums";

const iso = z.iso.datetime();
const empty = z.object({});

/** What every event of a running rollback carries (the recorder adds it), with the runner and its claim. */
const runRef = z.object({
  actionId: z.string(),
  strategy: z.string(),
  target: z.string(),
  runner: z.string().optional(),
  claim: z.number().int().optional(),
});
export type RunRef = z.infer<typeof runRef>;

const outcome = runRef.extend({ outcome: z.enum(["succeeded", "skipped"]) });
const gitopsHoldRef = z.object({
  holdId: z.string(),
  serviceId: z.string(),
  kind: z.enum(["Application", "Kustomization", "HelmRelease"]),
  namespace: z.string(),
  name: z.string(),
  /** What the hold replaced / the release put back, e.g. `automated {"prune":true,"selfHeal":true}` or `suspend absent`. */
  setting: z.string(),
  /** Set when a rollback's "Hold GitOps sync" step made the hold. */
  actionId: z.string().optional(),
});
const checkKind = z.enum(["pods", "version", "health", "error_rate", "smoke"]);
const attempt = z.object({
  attempt: z.number().int(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  ms: z.number(),
});
const delivery = z.object({
  webhook: z.string(),
  webhookKind: z.enum(WebhookKind),
  key: z.string(),
  event: z.string(),
  attempts: z.array(attempt),
});
const checklistChange = z.object({ itemId: z.string(), phase: z.enum(ChecklistPhase) });
const verifyOutcome = z.object({
  runId: z.string(),
  passed: z.boolean(),
  failed: z.array(z.string()),
  counts: z.record(z.string(), z.number()),
});

/** A trigger rule's (or an Alertmanager alert's) detection; `extra` keys (labels, baseline…) pass through. */
const detection = z.looseObject({
  rule: z.string(),
  query: z.string().nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  comparator: z.enum([">", "<"]).nullable(),
  unit: z.string().nullable(),
  breachSince: iso.nullable(),
  source: z.string(),
  dedupeKey: z.string().optional(),
});

export const EVENTS = {
  // The incident
  "incident.declared": {
    payload: z.object({
      severity: z.enum(Severity),
      serviceId: z.string().nullable(),
      source: z.string(),
      detectedAt: iso.nullable().optional(),
    }),
  },
  "incident.status": {
    payload: z.object({ from: z.enum(IncidentStatus), to: z.enum(IncidentStatus), runId: z.string().optional() }),
  },
  note: { payload: empty },
  "metrics.updated": {
    payload: z.object({
      impactStartedAt: iso.nullable().optional(),
      detectedAt: iso.nullable(),
      decisionAt: iso.nullable(),
      revenueBasis: z.enum(["entered", "estimated"]).nullable(),
      revenueNote: z.string().nullable(),
    }),
  },
  "postmortem.saved": { payload: z.object({ length: z.number().int() }) },
  "checklist.done": { payload: checklistChange },
  "checklist.reopened": { payload: checklistChange },
  "checklist.assigned": { payload: z.object({ itemId: z.string(), ownerId: z.string().nullable() }) },

  // The deploy that went bad. `deployedAt` is when it happened (it is often recorded later).
  "deploy.finished": {
    payload: z.object({
      deployedAt: iso,
      image: z.string(),
      previous: z.string().optional(),
      revision: z.string().nullable().optional(),
      deployment: z.string(),
      namespace: z.string(),
      source: z.string(),
    }),
  },

  // Detection (lib/triggers)
  "trigger.fired": { payload: detection },
  "trigger.resolved": { payload: detection },
  "trigger.unknown": { payload: detection },
  "trigger.recovered": { payload: detection },
  "trigger.manual": { payload: z.object({ source: z.string(), serviceId: z.string() }) },
  "trigger.rollback_proposed": {
    payload: z.object({
      strategy: z.string(),
      params: z.record(z.string(), z.unknown()),
      serviceId: z.string(),
      policy: z.enum(TriggerPolicy),
    }),
  },
  "trigger.rollback_skipped": {
    payload: z.object({
      reason: z.enum(["cooldown", "no_deployment"]),
      previousActionId: z.string().optional(),
      cooldownSec: z.number().optional(),
    }),
  },
  "trigger.rollback_failed": {
    payload: z.object({ stage: z.enum(["plan", "start"]), error: z.string(), actionId: z.string().optional() }),
  },

  // GitOps holds (lib/gitops/holds.ts): a reconciler stopped from undoing a rollback, and restored
  "gitops.held": { payload: gitopsHoldRef },
  "gitops.released": { payload: gitopsHoldRef },

  // A rollback's lifecycle (lib/rollback/lifecycle)
  "rollback.planned": {
    payload: z.object({
      actionId: z.string(),
      diff: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })),
      dryRun: z.object({ ok: z.boolean(), message: z.string() }).nullable(),
    }),
  },
  "rollback.started": { payload: z.object({ actionId: z.string(), target: z.string() }) },
  "rollback.awaiting_approval": { payload: z.object({ actionId: z.string(), target: z.string() }) },
  "rollback.approved": { payload: z.object({ actionId: z.string() }) },
  "rollback.cancel_requested": { payload: z.object({ actionId: z.string() }) },

  // A running rollback (lib/rollback/recorder): every payload carries the action
  "rollback.running": { payload: runRef },
  "rollback.resumed": { payload: runRef.extend({ previousRunner: z.string().nullable().optional() }) },
  "rollback.capture": {
    payload: runRef.extend({
      artifacts: z.array(z.string()).optional(),
      errors: z.array(z.string()),
      at: z.enum(["before-change", "takeover"]).optional(),
    }),
  },
  "rollback.step": {
    payload: runRef.extend({ step: z.string(), state: z.enum(["running", "succeeded", "failed", "skipped"]) }),
  },
  "rollback.progress": {
    payload: runRef.extend({
      step: z.string(),
      progress: z.object({ desired: z.number(), updated: z.number(), ready: z.number(), available: z.number() }),
    }),
  },
  "rollback.check": { payload: runRef.extend({ check: z.string(), ok: z.boolean() }) },
  "rollback.succeeded": { payload: outcome },
  "rollback.skipped": { payload: outcome },
  "rollback.failed": { payload: runRef.extend({ error: z.string(), code: z.string() }) },
  "rollback.cancelled": { payload: runRef },
  // The commander's separate, confirmed step for an OrderedReady StatefulSet stuck on a broken pod
  // (lib/rollback/stuck-pods.ts): not part of any run, so no runRef.
  "workload.stuck_pods_deleted": {
    payload: z.object({
      serviceId: z.string(),
      namespace: z.string(),
      statefulSet: z.string(),
      updateRevision: z.string(),
      pods: z.array(z.object({ name: z.string(), revision: z.string(), reason: z.string() })),
      deleted: z.array(z.string()),
      error: z.string().nullable(),
    }),
  },

  // Verification (lib/verify): started → check × n → passed | failed, tied by runId
  "verify.started": {
    payload: z.object({
      runId: z.string(),
      serviceId: z.string(),
      expected: z.object({ image: z.string().optional(), version: z.string().optional(), changedAt: iso.optional() }),
      checks: z.array(z.object({ key: z.string(), kind: checkKind, name: z.string() })),
    }),
  },
  "verify.check": {
    payload: z.object({
      runId: z.string(),
      key: z.string(),
      kind: checkKind,
      name: z.string(),
      status: z.enum(["passed", "failed", "unknown", "skipped"]),
      durationMs: z.number(),
      reason: z.string().nullable(),
      detail: z.string().optional(),
    }),
  },
  "verify.passed": { payload: verifyOutcome },
  "verify.failed": { payload: verifyOutcome },

  // Comms (lib/comms)
  "notice.published": {
    payload: z.object({
      kind: z.enum(NoticeKind),
      version: z.number().int(),
      noticeVersionId: z.string(),
      added: z.number().int(),
      removed: z.number().int(),
      missing: z.array(z.string()),
    }),
  },
  "comms.settings": { payload: z.object({ updateCadenceMin: z.number().int() }) },
  "comms.webhook.retry": { payload: attempt.extend({ webhook: z.string(), key: z.string() }) },
  "comms.webhook.delivered": { payload: delivery },
  "comms.webhook.failed": { payload: delivery },
} satisfies Record<string, { payload: z.ZodType<Record<string, unknown>> }>;

export type EventKind = keyof typeof EVENTS;
/** What a writer passes. */
export type EventPayload<K extends EventKind> = z.input<(typeof EVENTS)[K]["payload"]>;
/** What a reader gets back from parseEvent. */
export type EventData<K extends EventKind> = z.output<(typeof EVENTS)[K]["payload"]>;

type PayloadField<K extends EventKind> =
  {} extends EventPayload<K> ? { payload?: EventPayload<K> } : { payload: EventPayload<K> };
/** A kind and its payload, correlated: one member per kind. The payload may be left out where it is empty. */
export type EventOf<K extends EventKind = EventKind> = K extends EventKind ? { kind: K } & PayloadField<K> : never;
/** An event before it is given its incident (e.g. a detection that may open one). */
export type EventDraft<K extends EventKind = EventKind> = {
  actor: string;
  actorId?: string | null;
  message: string;
} & EventOf<K>;
export type EventInput<K extends EventKind = EventKind> = { incidentId: string } & EventDraft<K>;

/** The kinds whose payload carries the rollback action (what the recorder writes). */
export type RunEventKind = { [K in EventKind]: EventPayload<K> extends RunRef ? K : never }[EventKind];

type Family = EventKind extends infer K ? (K extends `${infer F}.${string}` ? F : never) : never;

export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENTS, kind);
}

/** The catalogued kinds of one family, e.g. `eventKinds("verify")`: for queries and matching. */
export function eventKinds<F extends Family>(family: F): Extract<EventKind, `${F}.${string}`>[] {
  return (Object.keys(EVENTS) as EventKind[]).filter((k): k is Extract<EventKind, `${F}.${string}`> =>
    k.startsWith(`${family}.`),
  );
}

/** `kind` is one of `kinds`; only catalogued kinds can be named, so a misspelt one fails to compile. */
export function isKind<K extends EventKind>(kind: string, ...kinds: K[]): kind is K {
  return (kinds as string[]).includes(kind);
}

/** A deploy on the timeline (what the post-mortem measures "went bad" from, and the charts mark). */
export const DEPLOY_KINDS = eventKinds("deploy");

export class EventPayloadError extends Error {
  constructor(
    readonly kind: string,
    readonly issues: string,
  ) {
    super(`Timeline event "${kind}" refused: ${issues}`);
    this.name = "EventPayloadError";
  }
}

function issuesOf(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
}

/** The payload as the catalog has it, or an EventPayloadError (unknown kind, or a payload that does not fit). */
export function validatePayload<K extends EventKind>(kind: K, payload: unknown): EventData<K> {
  if (!isEventKind(kind)) throw new EventPayloadError(kind, "not a kind in lib/incidents/events.ts");
  const parsed = (EVENTS[kind].payload as z.ZodType).safeParse(payload ?? {});
  if (!parsed.success) throw new EventPayloadError(kind, issuesOf(parsed.error));
  return parsed.data as EventData<K>;
}

export type KnownEvent = { [K in EventKind]: { kind: K; payload: EventData<K> } }[EventKind];
/** A row whose kind is not (or no longer) in the catalog, or whose payload does not fit its kind. */
export type UnknownEvent = { kind: "unknown"; rawKind: string; payload: unknown; problem: string };
type EventRow = { kind: string; payload: unknown };
export type ParsedEvent<R extends EventRow = EventRow> = (KnownEvent | UnknownEvent) & Omit<R, "kind" | "payload">;

/** Narrows a stored row by its kind: `switch (e.kind)` then reads a typed payload. Never throws. */
export function parseEvent<R extends EventRow>(row: R): ParsedEvent<R> {
  const { kind, payload, ...rest } = row;
  if (!isEventKind(kind))
    return { ...rest, kind: "unknown", rawKind: kind, payload, problem: `"${kind}" is not in the event catalog` };
  const parsed = (EVENTS[kind].payload as z.ZodType).safeParse(payload ?? {});
  if (!parsed.success)
    return {
      ...rest,
      kind: "unknown",
      rawKind: kind,
      payload,
      problem: `its payload does not fit "${kind}": ${issuesOf(parsed.error)}`,
    };
  return { ...rest, kind, payload: parsed.data } as ParsedEvent<R>;
}
