import "server-only";
// Drives a started rollback to an end state, in the server process, independent of any browser.
// A RollbackAction row is the durable state machine: whoever holds the claim (runnerId + a fresh
// heartbeat) executes; a runner that dies leaves a stale heartbeat and another one resumes it.
// Strategies are convergent (execute() re-reads and continues), so resuming is safe.
import os from "node:os";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { isAppError, operatorMessageOf } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import { parsePlan, strategyFor } from "@/lib/rollback/strategies";
import { strategyContext } from "@/lib/rollback/service-context";
import { assertBound } from "@/lib/rollback/check-binding";
import { RollbackRecorder } from "@/lib/rollback/recorder";
import { captureArtifacts } from "@/lib/rollback/capture-artifacts";
import { afterRollback } from "@/lib/rollback/after-rollback";

export const RUNNER_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
const HEARTBEAT_MS = 3_000;
export const STALE_AFTER_MS = 15_000;

const active = new Map<string, Promise<void>>();

/** Starts (or joins) the run of one action in this process. Returns when it has ended here. */
export function runAction(actionId: string): Promise<void> {
  const running = active.get(actionId);
  if (running) return running;
  const run = drive(actionId).finally(() => active.delete(actionId));
  active.set(actionId, run);
  return run;
}

async function claim(actionId: string): Promise<boolean> {
  const stale = new Date(Date.now() - STALE_AFTER_MS);
  const { count } = await db.rollbackAction.updateMany({
    where: {
      id: actionId,
      state: "running",
      OR: [{ runnerId: null }, { runnerId: RUNNER_ID }, { heartbeatAt: null }, { heartbeatAt: { lt: stale } }],
    },
    data: { runnerId: RUNNER_ID, heartbeatAt: new Date() },
  });
  return count === 1;
}

async function drive(actionId: string) {
  if (!(await claim(actionId))) return;
  const action = await db.rollbackAction.findUniqueOrThrow({ where: { id: actionId }, include: { service: true } });
  const recorder = new RollbackRecorder(action);
  await recorder.load();
  const resumed = (await db.rollbackStep.count({ where: { actionId } })) > 0;
  const controller = new AbortController();
  let cancelled = false;

  // The heartbeat keeps the claim and notices a cancel made from any replica.
  const heartbeat = setInterval(async () => {
    try {
      const row = await db.rollbackAction.update({
        where: { id: actionId },
        data: { heartbeatAt: new Date() },
        select: { state: true },
      });
      if (row.state === "cancelled") {
        cancelled = true;
        controller.abort(new Error("cancelled by a commander"));
      }
    } catch {
      /* the next beat tries again; a long outage lets another runner resume */
    }
  }, HEARTBEAT_MS);

  try {
    if (!action.service) throw new Error("the rollback has no service to act on");
    const strategy = strategyFor(action.strategy);
    const { plan } = parsePlan(action.strategy, action.plan);
    // The last gate before anything changes (a resumed or orphaned run too): the plan must still be
    // inside what the service configures now.
    assertBound(action.strategy, action.service, plan.params);
    const ctx = strategyContext(action.service, controller.signal, {
      id: action.incidentId,
      actor: { id: action.requestedById, name: action.requestedBy },
    });
    if (resumed) {
      await recorder.event("rollback.resumed", `Runner ${RUNNER_ID} resumed the rollback of ${action.target}`);
    } else {
      await recorder.event("rollback.running", `Rolling back ${action.target}: ${plan.summary}`);
      await captureArtifacts(ctx, action, strategy.captureTargets(plan), recorder);
    }
    const result = await strategy.execute(ctx, plan, (r) => recorder.step(r));
    const checks = await strategy.verify(ctx, plan);
    const failed = checks.filter((c) => !c.ok);
    for (const c of checks) {
      await recorder.event("rollback.check", `${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`, { check: c.name, ok: c.ok });
    }
    if (failed.length)
      throw new Error(`verification failed: ${failed.map((c) => `${c.name} (${c.detail})`).join("; ")}`);
    if (
      !(await finish(
        actionId,
        "succeeded",
        { outcome: result.outcome, message: result.message, checks: checks as never },
        null,
      ))
    ) {
      cancelled = true;
      throw new Error("the rollback finished its steps after a cancel was requested");
    }
    await db.incident.update({ where: { id: action.incidentId }, data: { rollbackCompletedAt: new Date() } });
    const kind = result.outcome === "skipped" ? "rollback.skipped" : "rollback.succeeded";
    await recorder.event(kind, result.message, { outcome: result.outcome });
    metrics.rollbacks.inc({ strategy: action.strategy, state: "succeeded" });
    await afterRollback({ ...action, expected: strategy.expectedVersion(plan) }, "succeeded");
  } catch (e) {
    const message = operatorMessageOf(e);
    if (cancelled) {
      await recorder.event(
        "rollback.cancelled",
        `Cancelled while running; stopped at: ${message}. Check the target's state before acting again.`,
      );
      metrics.rollbacks.inc({ strategy: action.strategy, state: "cancelled" });
    } else {
      await finish(actionId, "failed", { message }, message);
      await recorder.event(
        "rollback.failed",
        `Rollback of ${action.target} failed: ${message}. Retry, or escalate to disaster recovery.`,
        {
          error: message,
          code: isAppError(e) ? e.code : "failed",
        },
      );
      metrics.rollbacks.inc({ strategy: action.strategy, state: "failed" });
      await afterRollback(action, "failed");
    }
  } finally {
    clearInterval(heartbeat);
  }
}

/** Ends the action unless a cancel got there first; the end state is written once. */
async function finish(
  actionId: string,
  state: "succeeded" | "failed",
  result: Record<string, unknown>,
  error: string | null,
) {
  const { count } = await db.rollbackAction.updateMany({
    where: { id: actionId, state: "running" },
    data: { state, result: JSON.parse(JSON.stringify(result)), error, finishedAt: new Date(), heartbeatAt: new Date() },
  });
  return count === 1;
}

/** Resumes rollbacks whose runner stopped heartbeating (a restart, a crashed replica). */
export async function resumeOrphans(): Promise<string[]> {
  const stale = new Date(Date.now() - STALE_AFTER_MS);
  const orphans = await db.rollbackAction.findMany({
    where: { state: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: stale } }] },
    select: { id: true },
  });
  for (const o of orphans) void runAction(o.id);
  return orphans.map((o) => o.id);
}

let loop: ReturnType<typeof setInterval> | undefined;
export function startRunnerLoop(everyMs = 5_000) {
  if (loop) return;
  void resumeOrphans().catch((e) => console.error("[runner] resume failed", e));
  loop = setInterval(() => void resumeOrphans().catch((e) => console.error("[runner] resume failed", e)), everyMs);
  loop.unref();
}
