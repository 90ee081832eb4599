import "server-only";
// Drives a started rollback to an end state, in the server process, independent of any browser.
// A RollbackAction row is the durable state machine: whoever holds the claim (runnerId + claimEpoch
// + a fresh heartbeat) executes; a runner that dies or stalls leaves a stale heartbeat and another
// one resumes it, and every write of the old one is fenced off (lib/rollback/claim.ts).
// Strategies are convergent (execute() re-reads and continues), so resuming is safe.
import os from "node:os";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError, operatorMessageOf } from "@/lib/errors";
import { metrics } from "@/lib/observability/metrics";
import { parsePlan, strategyFor } from "@/lib/rollback/strategies";
import { strategyContext } from "@/lib/rollback/service-context";
import { assertBound } from "@/lib/rollback/check-binding";
import { RollbackRecorder } from "@/lib/rollback/recorder";
import { claimAction, isClaimLost, RunnerClaim } from "@/lib/rollback/claim";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordCapture, startCapture } from "@/lib/rollback/capture-artifacts";
import { afterRollback, type FinishedRollback } from "@/lib/rollback/after-rollback";
import { runPlannedHolds } from "@/lib/gitops/hold-step";

export const RUNNER_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
const heartbeatMs = () => env().RCC_RUNNER_HEARTBEAT_MS;
const staleAfterMs = () => env().RCC_RUNNER_STALE_MS;

const active = new Map<string, Promise<void>>();
const held = new Map<string, RunnerClaim>();
let stopping = false;

/**
 * Starts (or joins) the run of one action in this process. Returns when it has ended here.
 * `after`: what must be recorded before the run writes anything (the confirmation's event); the
 * claim and the reads happen meanwhile. A failed `after` still lets the run go on: the rollback is
 * confirmed in its row, and the run records its own events.
 */
export function runAction(
  actionId: string,
  opts: { after?: Promise<unknown>; claimed?: ClaimedAtConfirm } = {},
): Promise<void> {
  if (stopping && !opts.claimed) return Promise.resolve(); // draining: another replica's loop takes it
  const running = active.get(actionId);
  if (running) return running;
  const run = drive(
    actionId,
    opts.after?.catch(() => {}),
    opts.claimed,
  ).finally(() => {
    active.delete(actionId);
    held.delete(actionId);
  });
  active.set(actionId, run);
  return run;
}

/**
 * A run the confirmation claimed for this runner in the same update that started it (lib/rollback/
 * lifecycle.ts): the claim's epoch and the action as the confirmation loaded it, so the click's path to
 * the change skips the claim's compare-and-set and two reads. A new run has no steps to load.
 */
export type ClaimedAtConfirm = {
  epoch: number;
  action: Prisma.RollbackActionGetPayload<{ include: { service: true } }>;
};

/** The runner id a confirmation may claim a new run for, or null while draining (another replica takes it). */
export function claimantForNewRun(): string | null {
  return stopping ? null : RUNNER_ID;
}

async function drive(actionId: string, after?: Promise<unknown>, claimedAtConfirm?: ClaimedAtConfirm) {
  const claimed = claimedAtConfirm
    ? { claim: new RunnerClaim(actionId, RUNNER_ID, claimedAtConfirm.epoch), previousRunner: null }
    : await claimAction(actionId, RUNNER_ID, staleAfterMs());
  if (!claimed) return;
  const { claim, previousRunner } = claimed;
  if (stopping) {
    claim.handOff();
    await claim.release();
    return;
  }
  held.set(actionId, claim);
  const action =
    claimedAtConfirm?.action ??
    (await db.rollbackAction.findUniqueOrThrow({ where: { id: actionId }, include: { service: true } }));
  const recorder = new RollbackRecorder(action, claim);
  if (!claimedAtConfirm) await recorder.load();
  const resumed = recorder.hasSteps;

  // The heartbeat keeps the claim, notices a cancel made from any replica and a takeover (then the
  // claim aborts the run at once). A beat still in flight (a stuck database) makes the next one skip.
  const heartbeat = setInterval(() => void claim.beat(), heartbeatMs());

  try {
    if (!action.service) throw new Error("the rollback has no service to act on");
    const strategy = strategyFor(action.strategy);
    const { plan } = parsePlan(action.strategy, action.plan);
    // The last gate before anything changes (a resumed or orphaned run too): the plan must still be
    // inside what the service configures now.
    assertBound(action.strategy, action.service, plan.params);
    const ctx = strategyContext(action.service, claim.signal, {
      id: action.incidentId,
      actor: { id: action.requestedById, name: action.requestedBy },
    });
    // Read while the confirmation is still being recorded; nothing is written before it is. A run
    // taken over before its capture was stored (the runner stopped between the patch and that
    // write) captures at takeover instead, saying so: the failing pods may still be there.
    const captureAt = !resumed ? "before-change" : (await captureRecorded(action)) ? null : "takeover";
    const capture = captureAt ? startCapture(ctx, strategy.captureTargets(plan)) : null;
    await after;
    if (resumed || previousRunner) {
      const from = previousRunner && previousRunner !== RUNNER_ID ? ` from runner ${previousRunner}` : "";
      await recorder.event(
        "rollback.resumed",
        `Runner ${RUNNER_ID} took over the rollback of ${action.target}${from} (claim ${claim.epoch})`,
        { previousRunner },
      );
    }
    let recording: Promise<void> | undefined;
    if (!resumed) await recorder.event("rollback.running", `Rolling back ${action.target}: ${plan.summary}`);
    if (capture && captureAt) {
      // The objects are read before the strategy acts; storing them (and the pod logs still on their
      // way) goes on beside the change instead of in front of it.
      await capture.taken;
      recording = capture.captured.then((c) => recordCapture(action, c, recorder, captureAt));
      recording.catch(() => {}); // awaited after execute; this only keeps it from being "unhandled" meanwhile
    }
    let result: Awaited<ReturnType<typeof strategy.execute>>;
    try {
      // The GitOps holds first: a failed one ends the run before the workload is touched.
      await runPlannedHolds(
        plan,
        {
          actionId: action.id,
          incidentId: action.incidentId,
          serviceId: action.service.id,
          actor: { id: action.requestedById },
        },
        (r) => recorder.step(r),
      );
      result = await strategy.execute(ctx, plan, (r) => recorder.step(r));
    } finally {
      await recording; // recorded whatever the outcome; a lost claim here ends the run like any write
    }
    const checks = await strategy.verify(ctx, plan);
    const failed = checks.filter((c) => !c.ok);
    for (const c of checks) {
      await recorder.event("rollback.check", `${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`, { check: c.name, ok: c.ok });
    }
    if (failed.length)
      throw new Error(`verification failed: ${failed.map((c) => `${c.name} (${c.detail})`).join("; ")}`);
    const outcome = { outcome: result.outcome, message: result.message, checks: checks as never };
    if ((await claim.finish("succeeded", outcome, null)) === "cancelled") {
      throw new Error("the rollback finished its steps after a cancel was requested");
    }
    await db.incident.update({ where: { id: action.incidentId }, data: { rollbackCompletedAt: new Date() } });
    const kind = result.outcome === "skipped" ? "rollback.skipped" : "rollback.succeeded";
    await recorder.event(kind, result.message, { outcome: result.outcome });
    metrics.rollbacks.inc({ strategy: action.strategy, state: "succeeded" });
    await afterRollback({ ...action, expected: strategy.expectedVersion(plan) }, "succeeded");
  } catch (e) {
    await ended(e, claim, action, recorder);
  } finally {
    clearInterval(heartbeat);
  }
}

/** Whether a runner of this action already stored its capture (one per run, whoever took it). */
async function captureRecorded(action: { id: string; incidentId: string }): Promise<boolean> {
  const found = await db.timelineEvent.findFirst({
    where: {
      incidentId: action.incidentId,
      kind: "rollback.capture",
      payload: { path: ["actionId"], equals: action.id },
    },
    select: { id: true },
  });
  return found !== null;
}

/** Records how a run ended early, unless this runner lost its claim: then it records nothing. */
async function ended(
  e: unknown,
  claim: RunnerClaim,
  action: FinishedRollback & { target: string },
  recorder: RollbackRecorder,
) {
  try {
    if (claim.lost || isClaimLost(e)) return;
    const message = operatorMessageOf(e);
    if (!claim.cancelled && (await claim.finish("failed", { message }, message)) === "ended") {
      await recorder.event(
        "rollback.failed",
        `Rollback of ${action.target} failed: ${message}. Retry, or escalate to disaster recovery.`,
        { error: message, code: isAppError(e) ? e.code : "failed" },
      );
      metrics.rollbacks.inc({ strategy: action.strategy, state: "failed" });
      await afterRollback(action, "failed");
      return;
    }
    await recorder.event(
      "rollback.cancelled",
      `Cancelled while running; stopped at: ${message}. Check the target's state before acting again.`,
    );
    metrics.rollbacks.inc({ strategy: action.strategy, state: "cancelled" });
  } catch (again) {
    if (!isClaimLost(again)) throw again; // lost while recording the end: the new holder records it
  }
}

/** Resumes rollbacks whose runner stopped heartbeating (a restart, a crashed replica). */
export async function resumeOrphans(): Promise<string[]> {
  const stale = new Date(Date.now() - staleAfterMs());
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

/**
 * SIGTERM drain (lib/background/shutdown.ts): takes no new runs, aborts the ones running here
 * (their claims refuse further writes, so nothing is recorded as failed), waits for them to stop
 * (at most waitMs), then releases their claims so another replica resumes them on its next loop
 * pass instead of after RCC_RUNNER_STALE_MS. Strategies converge on re-run (strategies/README.md).
 * Returns the ids of the rollbacks handed off.
 */
export async function stopRunner(waitMs = 5_000): Promise<string[]> {
  stopping = true;
  clearInterval(loop);
  loop = undefined;
  const claims = [...held.values()];
  for (const c of claims) c.handOff();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.allSettled([...active.values()]), new Promise((r) => (timer = setTimeout(r, waitMs)))]);
  clearTimeout(timer);
  const released: string[] = [];
  for (const c of claims) {
    if (await c.release().catch(() => false)) released.push(c.actionId);
  }
  if (released.length) console.warn(`[runner] ${RUNNER_ID} handed off ${released.join(", ")}`);
  return released;
}
