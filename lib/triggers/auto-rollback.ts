import "server-only";
// The automatic rollback: exactly the button's path (the plan and start server actions, with their
// permission check, validation and lifecycle), acting as "auto-trigger". Once per incident through
// the idempotency key `auto:<incidentId>`; a per-service cooldown stops a flapping rule from
// rolling back again and again across incidents. Every outcome goes on the timeline.
import { db } from "@/lib/db";
import { AUTO_TRIGGER, runAs } from "@/lib/auth/acting-user";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { appendEvent } from "@/lib/incidents/timeline";

export const AUTO_STRATEGY = "deployment-undo";

export type AutoRollbackOutcome =
  | { kind: "started" | "existing"; actionId: string; state: string }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; error: string };

export type AutoRollbackService = { id: string; name: string; namespace: string; deployments: string[] };

export const autoKey = (incidentId: string) => `auto:${incidentId}`;

async function note(incidentId: string, kind: string, message: string, payload: Record<string, unknown> = {}) {
  await appendEvent({ incidentId, kind, actor: AUTO_TRIGGER.name, message, payload: payload as never });
}

export async function startAutoRollback(
  incidentId: string,
  service: AutoRollbackService,
  opts: { cooldownSec: number; now?: Date },
): Promise<AutoRollbackOutcome> {
  const key = autoKey(incidentId);
  const mine = await db.rollbackAction.findUnique({ where: { idempotencyKey: key }, select: { id: true, state: true } });
  if (mine) return { kind: "existing", actionId: mine.id, state: mine.state };

  const now = opts.now ?? new Date();
  const recent = await db.rollbackAction.findFirst({
    where: { serviceId: service.id, requestedBy: AUTO_TRIGGER.name, createdAt: { gt: new Date(now.getTime() - opts.cooldownSec * 1000) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, incidentId: true },
  });
  if (recent) {
    const reason =
      `Automatic rollback skipped: ${service.name} was already rolled back automatically at ` +
      `${recent.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC (cooldown ${Math.round(opts.cooldownSec / 60)} min). ` +
      "A commander can still roll back from this page.";
    await note(incidentId, "trigger.rollback_skipped", reason, { reason: "cooldown", previousActionId: recent.id, cooldownSec: opts.cooldownSec });
    return { kind: "skipped", reason };
  }

  const deployment = service.deployments[0];
  if (!deployment) {
    const reason = `Automatic rollback skipped: ${service.name} has no Deployment configured to undo.`;
    await note(incidentId, "trigger.rollback_skipped", reason, { reason: "no_deployment" });
    return { kind: "skipped", reason };
  }

  return runAs(AUTO_TRIGGER, async () => {
    const planned = await planRollbackAction({
      incidentId,
      serviceId: service.id,
      strategy: AUTO_STRATEGY,
      params: { deployment },
      idempotencyKey: key,
    });
    if (!planned.ok) {
      await note(incidentId, "trigger.rollback_failed", `Automatic rollback could not be planned: ${planned.error}`, { stage: "plan", error: planned.error });
      return { kind: "failed", error: planned.error };
    }
    const started = await startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name });
    if (!started.ok) {
      await note(incidentId, "trigger.rollback_failed", `Automatic rollback could not start: ${started.error}`, {
        stage: "start",
        error: started.error,
        actionId: planned.data.actionId,
      });
      return { kind: "failed", error: started.error };
    }
    return { kind: "started", actionId: started.data.actionId, state: started.data.state };
  });
}
