import "server-only";
// Plan → confirm → (approve) → run. The one path every rollback takes, from the button or from
// the trigger watcher. Safety lives in the database: the idempotency key makes a retried request
// the same rollback, and a partial unique index allows one active rollback per target.
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import { formatUtc } from "@/lib/format/date";
import { appendEvent } from "@/lib/incidents/timeline";
import { parsePlan, parsePlanSummary, strategyFor } from "@/lib/rollback/strategies";
import { assertBound } from "@/lib/rollback/check-binding";
import { assertServiceTeam } from "@/lib/auth/check-service-team";
import { diffForEveryone } from "@/lib/rollback/redact";
import { strategyContext } from "@/lib/rollback/service-context";
import { claimantForNewRun, runAction } from "@/lib/rollback/runner";
import { reservedIdempotencyKey, scopedIdempotencyKey } from "@/lib/rollback/idempotency-key";
import type { SessionUser } from "@/lib/auth/session";
import type { Prisma } from "@/lib/generated/prisma/client";
import { holdKey, type PlannedHold } from "@/lib/gitops/planned-hold";
import { refLabel, type ReconcilerRef } from "@/lib/gitops/settings";
import { can } from "@/lib/permissions";

const PLAN_BUDGET_MS = 30_000;

function paramsError(e: unknown): AppError {
  if (e instanceof z.ZodError) {
    const detail = e.issues.map((i) => `${i.path.join(".") || "params"}: ${i.message}`).join("; ");
    return new AppError("invalid", `Invalid rollback parameters: ${detail}`);
  }
  return isAppError(e) ? e : new AppError("invalid", `Invalid rollback parameters: ${operatorMessageOf(e)}`);
}

/**
 * `input.idempotencyKey` is the caller's: it is stored scoped to the incident and the caller. Only
 * server code passes `opts.reservedKey` (the trigger's `auto:<incidentId>`), stored as is; a
 * client's scoped key can never equal it.
 */
export async function planRollback(
  input: { incidentId: string; serviceId: string; strategy: string; params: unknown; idempotencyKey: string },
  actor: SessionUser,
  opts: { reservedKey?: string } = {},
) {
  const idempotencyKey = opts.reservedKey
    ? reservedIdempotencyKey(opts.reservedKey)
    : scopedIdempotencyKey(input.incidentId, actor.id, input.idempotencyKey);
  const existing = await db.rollbackAction.findUnique({ where: { idempotencyKey } });
  if (existing) return existing;
  const [incident, service] = await Promise.all([
    db.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } }),
    db.service.findUnique({ where: { id: input.serviceId } }),
  ]);
  if (!incident) throw new AppError("not_found", "That incident does not exist.");
  if (!service) throw new AppError("not_found", "That service does not exist.");
  await assertServiceTeam(db, service, actor);
  let strategy;
  try {
    strategy = strategyFor(input.strategy);
  } catch {
    throw new AppError("invalid", `Unknown rollback strategy "${input.strategy}".`);
  }
  let params: unknown;
  try {
    params = strategy.parseParams(input.params);
  } catch (e) {
    throw paramsError(e);
  }
  // Before the strategy reads anything (a cluster, an env var, a database): nothing is touched or
  // written for params outside the service's configuration, or for a strategy it does not configure.
  assertBound(input.strategy, service, params);
  // The incident and actor as the runner will pass them, so a plan can say what it will write in their name.
  const planFor = { id: incident.id, actor: { id: actor.id, name: actor.name } };
  const plan = await strategy.plan(strategyContext(service, AbortSignal.timeout(PLAN_BUDGET_MS), planFor), params);
  try {
    const action = await db.rollbackAction.create({
      data: {
        incidentId: incident.id,
        serviceId: service.id,
        strategy: input.strategy,
        target: plan.target,
        params: JSON.parse(JSON.stringify(params ?? {})),
        plan: JSON.parse(JSON.stringify(plan)),
        idempotencyKey,
        requestedBy: actor.name,
        requestedById: actor.id,
      },
    });
    await appendEvent({
      incidentId: incident.id,
      kind: "rollback.planned",
      actor: actor.name,
      actorId: actor.id,
      message: `Planned ${input.strategy} for ${plan.target}: ${plan.noop ?? plan.summary}`,
      payload: {
        actionId: action.id,
        diff: JSON.parse(JSON.stringify(diffForEveryone(plan.diff))),
        dryRun: JSON.parse(JSON.stringify(plan.dryRun ?? null)),
      },
    });
    return action;
  } catch (e) {
    // Two tabs planning with the same key at once: both get the one row.
    const again = await db.rollbackAction.findUnique({ where: { idempotencyKey } });
    if (again) return again;
    throw e;
  }
}

async function alreadyRunning(target: string): Promise<AppError> {
  const other = await db.rollbackAction.findFirst({
    where: { target, state: { in: ["running", "awaiting_approval"] } },
    select: { requestedBy: true, startedAt: true, createdAt: true, state: true },
  });
  return new AppError(
    "already_running",
    other
      ? `A rollback of ${target} is already ${other.state === "running" ? "running" : "waiting for approval"}, started by ${other.requestedBy} at ${formatUtc(other.startedAt ?? other.createdAt)}.`
      : `A rollback of ${target} is already running.`,
  );
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === "P2002" || /Unique constraint|23505/.test(String((e as Error)?.message));
}

/**
 * The plan's hold steps with the commander's choice: every offered one on unless unticked. Refuses a
 * ref the plan does not offer, and holds by someone who may not hold.
 */
function confirmHolds(
  offered: PlannedHold[],
  skip: readonly ReconcilerRef[],
  actor: Pick<SessionUser, "role">,
): PlannedHold[] {
  const keys = new Set(offered.map((h) => holdKey(h.ref)));
  const unknown = skip.filter((r) => !keys.has(holdKey(r)));
  if (unknown.length)
    throw new AppError("invalid", `The plan offers no GitOps hold of ${unknown.map(refLabel).join(", ")}.`);
  const skipped = new Set(skip.map(holdKey));
  const holds = offered.map((h) => ({ ...h, enabled: !skipped.has(holdKey(h.ref)) }));
  if (holds.some((h) => h.enabled) && !can(actor.role, "gitops.hold"))
    throw new AppError(
      "forbidden",
      "Forbidden: you may not hold GitOps sync; untick the hold to roll back without it.",
    );
  return holds;
}

/** What the confirmation event says about the holds. */
function holdsSentence(holds: PlannedHold[]): string {
  const on = holds.filter((h) => h.enabled).map((h) => refLabel(h.ref));
  const off = holds.filter((h) => !h.enabled).map((h) => refLabel(h.ref));
  return [
    on.length ? ` GitOps hold first: ${on.join(", ")}.` : "",
    off.length ? ` Not holding (unticked): ${off.join(", ")}.` : "",
  ].join("");
}

/** Confirms a planned rollback. Calling it again for the same action changes nothing. */
export async function startRollback(
  input: { actionId: string; confirmation: string; skipGitopsHolds?: readonly ReconcilerRef[] },
  actor: SessionUser,
) {
  const action = await db.rollbackAction.findUnique({ where: { id: input.actionId }, include: { service: true } });
  if (!action) throw new AppError("not_found", "That rollback does not exist.");
  if (action.state !== "planned") return action; // a retried confirm: the rollback already went ahead
  const service = action.service;
  if (!service) throw new AppError("invalid", "The rollback has no service.");
  if (input.confirmation.trim() !== service.name) {
    throw new AppError("invalid", `Type the service name "${service.name}" to confirm.`);
  }
  // Against the service as it is now: its catalog entry may have changed since the plan was made.
  await assertServiceTeam(db, service, actor);
  const stored = parsePlan(action.strategy, action.plan).plan;
  assertBound(action.strategy, service, stored.params);
  // The commander's choice of hold steps is kept in the plan the runner runs.
  const holds = confirmHolds(stored.gitopsHolds ?? [], input.skipGitopsHolds ?? [], actor);
  const confirmedPlan: Prisma.InputJsonValue | undefined = holds.length
    ? JSON.parse(JSON.stringify({ ...(action.plan as object), gitopsHolds: holds }))
    : undefined;
  // The approval rule is the stored service row's (the one the rollback was planned on, loaded here
  // by its id), never anything the client sends; binding keeps the target inside that service, so
  // the rule read here is the rule of the service that owns the target.
  const next = service.needsSecondApprover ? "awaiting_approval" : "running";
  const now = new Date();
  // A rollback that starts now is claimed for this process's runner in the same update (fenced by
  // the epoch like any claim): the runner goes straight to work instead of claiming it first.
  const claimant = next === "running" ? claimantForNewRun() : null;
  const epoch = action.claimEpoch + 1;
  let moved: number;
  try {
    ({ count: moved } = await db.rollbackAction.updateMany({
      where: { id: action.id, state: "planned", claimEpoch: action.claimEpoch },
      data: {
        state: next,
        startedAt: next === "running" ? now : null,
        confirmedById: actor.id,
        ...(confirmedPlan ? { plan: confirmedPlan } : {}),
        ...(claimant
          ? { runnerId: claimant, claimEpoch: epoch, heartbeatAt: now }
          : { runnerId: null, heartbeatAt: null }),
      },
    }));
  } catch (e) {
    if (isUniqueViolation(e)) throw await alreadyRunning(action.target);
    throw e;
  }
  if (moved === 0) return db.rollbackAction.findUniqueOrThrow({ where: { id: action.id } });
  const plan = parsePlanSummary(action.plan);
  const recorded = (async () => {
    await markIncidentDecision(action.incidentId, now, next === "running");
    await appendEvent({
      incidentId: action.incidentId,
      kind: next === "running" ? "rollback.started" : "rollback.awaiting_approval",
      actor: actor.name,
      actorId: actor.id,
      message:
        next === "running"
          ? `Roll back confirmed: ${plan.summary}${holdsSentence(holds)}`
          : `Roll back confirmed by ${actor.name}; ${service.name} needs a second commander to approve.${holdsSentence(holds)}`,
      payload: { actionId: action.id, target: action.target },
    });
  })();
  // The runner claims and loads the action while the confirmation is recorded, and writes nothing
  // before it is: the click's path to the patch is one record shorter, the timeline's order the same.
  if (next === "running")
    void runAction(action.id, {
      after: recorded,
      claimed: claimant
        ? {
            epoch,
            action: {
              ...action,
              plan: (confirmedPlan ?? action.plan) as typeof action.plan,
              state: next,
              startedAt: now,
            },
          }
        : undefined,
    });
  await recorded;
  return db.rollbackAction.findUniqueOrThrow({ where: { id: action.id } });
}

/** The incident's first decision and first rollback start, kept if already set: one statement. */
async function markIncidentDecision(incidentId: string, at: Date, started: boolean) {
  await db.$executeRaw`
    UPDATE "Incident"
       SET "decisionAt" = COALESCE("decisionAt", ${at}),
           "rollbackStartedAt" = CASE WHEN ${started} THEN COALESCE("rollbackStartedAt", ${at}) ELSE "rollbackStartedAt" END,
           "updatedAt" = now()
     WHERE id = ${incidentId}`;
}

export async function approveRollback(input: { actionId: string }, approver: SessionUser) {
  const action = await db.rollbackAction.findUnique({ where: { id: input.actionId }, include: { service: true } });
  if (!action) throw new AppError("not_found", "That rollback does not exist.");
  if (action.state !== "awaiting_approval")
    throw new AppError("conflict", `This rollback is ${action.state}, not waiting for approval.`);
  // Neither the one who planned it nor the one who confirmed it: two different people, both recorded.
  if (action.requestedById === approver.id || action.confirmedById === approver.id) {
    throw new AppError("forbidden", "Forbidden: a second approver must be a different commander.");
  }
  if (!action.service) throw new AppError("invalid", "The rollback has no service.");
  await assertServiceTeam(db, action.service, approver);
  assertBound(action.strategy, action.service, parsePlan(action.strategy, action.plan).plan.params);
  const now = new Date();
  const { count } = await db.rollbackAction.updateMany({
    where: {
      id: action.id,
      state: "awaiting_approval",
      requestedById: { not: approver.id },
      OR: [{ confirmedById: null }, { confirmedById: { not: approver.id } }],
    },
    data: { state: "running", approvedById: approver.id, startedAt: now },
  });
  if (count === 0) return db.rollbackAction.findUniqueOrThrow({ where: { id: action.id } });
  await markIncidentDecision(action.incidentId, now, true);
  await appendEvent({
    incidentId: action.incidentId,
    kind: "rollback.approved",
    actor: approver.name,
    actorId: approver.id,
    message: `Approved the rollback of ${action.target} requested by ${action.requestedBy}`,
    payload: { actionId: action.id },
  });
  // The start a one-person confirm records at once happens here for a two-person one.
  await appendEvent({
    incidentId: action.incidentId,
    kind: "rollback.started",
    actor: approver.name,
    actorId: approver.id,
    message: `Roll back started after ${approver.name}'s approval: ${parsePlanSummary(action.plan).summary}`,
    payload: { actionId: action.id, target: action.target },
  });
  void runAction(action.id);
  return db.rollbackAction.findUniqueOrThrow({ where: { id: action.id } });
}

export async function cancelRollback(input: { actionId: string }, actor: SessionUser) {
  const action = await db.rollbackAction.findUnique({ where: { id: input.actionId } });
  if (!action) throw new AppError("not_found", "That rollback does not exist.");
  const { count } = await db.rollbackAction.updateMany({
    where: { id: action.id, state: { in: ["planned", "awaiting_approval", "running"] } },
    data: { state: "cancelled", finishedAt: new Date() },
  });
  if (count === 0) throw new AppError("conflict", `This rollback already ended (${action.state}).`);
  await appendEvent({
    incidentId: action.incidentId,
    kind: "rollback.cancel_requested",
    actor: actor.name,
    actorId: actor.id,
    message:
      action.state === "running"
        ? `Cancel requested for the running rollback of ${action.target}; the runner stops at its next step.`
        : `Cancelled the ${action.state} rollback of ${action.target}.`,
    payload: { actionId: action.id },
  });
  return { id: action.id };
}
