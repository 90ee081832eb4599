import "server-only";
// The automatic rollback: the button's path (the same plan and start domain functions the server
// actions call, with their lifecycle) acting as the system user "auto-trigger"; the policy "auto",
// checked by the caller, is its permission. Once per incident through the idempotency key
// `auto:<incidentId>`; a per-service cooldown stops a flapping rule from rolling back again and
// again across incidents. Every outcome goes on the timeline.
import { db } from "@/lib/db";
import { AUTO_TRIGGER } from "@/lib/auth/acting-user";
import { isAppError, userMessageOf } from "@/lib/errors";
import { formatUtc } from "@/lib/format/date";
import { planRollback, startRollback } from "@/lib/rollback/lifecycle";
import type { EventInput, EventPayload } from "@/lib/incidents/events";
import { appendEvent } from "@/lib/incidents/timeline";

export const AUTO_STRATEGY = "deployment-undo";

export type AutoRollbackOutcome =
  | { kind: "started" | "existing"; actionId: string; state: string }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; error: string };

export type AutoRollbackService = { id: string; name: string; namespace: string; deployments: string[] };

export const autoKey = (incidentId: string) => `auto:${incidentId}`;

async function note<K extends "trigger.rollback_skipped" | "trigger.rollback_failed">(
  incidentId: string,
  kind: K,
  message: string,
  payload: EventPayload<K>,
) {
  // K is generic here, so the compiler cannot pair kind and payload itself; each caller's K is checked.
  await appendEvent({
    incidentId,
    kind,
    actor: AUTO_TRIGGER.name,
    actorId: AUTO_TRIGGER.id,
    message,
    payload,
  } as EventInput);
}

export async function startAutoRollback(
  incidentId: string,
  service: AutoRollbackService,
  opts: { cooldownSec: number; now?: Date },
): Promise<AutoRollbackOutcome> {
  const key = autoKey(incidentId);
  const mine = await db.rollbackAction.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, state: true },
  });
  if (mine) return { kind: "existing", actionId: mine.id, state: mine.state };

  const now = opts.now ?? new Date();
  const recent = await db.rollbackAction.findFirst({
    where: {
      serviceId: service.id,
      requestedBy: AUTO_TRIGGER.name,
      createdAt: { gt: new Date(now.getTime() - opts.cooldownSec * 1000) },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, incidentId: true },
  });
  if (recent) {
    const reason =
      `Automatic rollback skipped: ${service.name} was already rolled back automatically at ` +
      `${formatUtc(recent.createdAt)} (cooldown ${Math.round(opts.cooldownSec / 60)} min). ` +
      "A commander can still roll back from this page.";
    await note(incidentId, "trigger.rollback_skipped", reason, {
      reason: "cooldown",
      previousActionId: recent.id,
      cooldownSec: opts.cooldownSec,
    });
    return { kind: "skipped", reason };
  }

  const deployment = service.deployments[0];
  if (!deployment) {
    const reason = `Automatic rollback skipped: ${service.name} has no Deployment configured to undo.`;
    await note(incidentId, "trigger.rollback_skipped", reason, { reason: "no_deployment" });
    return { kind: "skipped", reason };
  }

  let planned;
  try {
    planned = await planRollback(
      { incidentId, serviceId: service.id, strategy: AUTO_STRATEGY, params: { deployment }, idempotencyKey: key },
      AUTO_TRIGGER,
      { reservedKey: key },
    );
  } catch (e) {
    const error = failure(e);
    await note(incidentId, "trigger.rollback_failed", `Automatic rollback could not be planned: ${error}`, {
      stage: "plan",
      error,
    });
    return { kind: "failed", error };
  }
  try {
    const started = await startRollback({ actionId: planned.id, confirmation: service.name }, AUTO_TRIGGER);
    return { kind: "started", actionId: started.id, state: started.state };
  } catch (e) {
    const error = failure(e);
    await note(incidentId, "trigger.rollback_failed", `Automatic rollback could not start: ${error}`, {
      stage: "start",
      error,
      actionId: planned.id,
    });
    return { kind: "failed", error };
  }
}

/** What the button would show for the same failure; anything unexpected is logged, as actions do. */
function failure(e: unknown): string {
  if (!isAppError(e)) console.error("[auto-rollback]", e);
  return userMessageOf(e);
}
