import "server-only";
// Verification after a rollback (the runner calls runVerification) or on demand (the action calls
// startVerification and returns at once). Every check's result, duration and reason goes on the
// timeline as it finishes, so the panel turns green check by check; all green → "monitoring".
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import { appendEvent } from "@/lib/incidents/timeline";
import { race } from "@/lib/k8s/abort";
import { serviceKubeClients, type KubeClients } from "@/lib/k8s/clients";
import { DEFAULT_TIMEOUTS, planChecks, type RunnableCheck, type Timeouts } from "@/lib/verify/plan";
import { isGreen, type CheckResult, type Expected, type VerificationOutcome } from "@/lib/verify/types";

export type VerificationInput = {
  incidentId: string;
  /** Defaults to the incident's service. */
  serviceId?: string | null;
  expected?: Expected;
  /** Who asked: the user, or the rollback's requester (the system user for automatic ones). */
  actor: { name: string; id?: string };
};

export type VerificationOptions = {
  /** Clients for the service's cluster; default: its clusterContext in the app's kubeconfig. */
  kube?: KubeClients;
  /** Default: PROMETHEUS_URL. `null` means "no Prometheus" even when the env has one. */
  prometheusUrl?: string | null;
  timeouts?: Partial<Timeouts>;
  fetch?: typeof fetch;
};

// One run per incident at a time in this process: two overlapping runs would interleave their
// events and could move the incident on from a stale result.
const running = new Set<string>();

const symbol = (s: CheckResult["status"]) => ({ passed: "✓", failed: "✗", unknown: "?", skipped: "–" })[s];

async function runOne(c: RunnableCheck): Promise<CheckResult> {
  const started = performance.now();
  const ctl = new AbortController();
  let outcome: Pick<CheckResult, "status" | "reason" | "detail">;
  try {
    outcome = await race(c.run(ctl.signal), {
      // A little slack over the check's own deadline, so its own (more precise) reason wins.
      timeoutMs: c.timeoutMs + 1_000,
      onTimeout: () => new AppError("timeout", `no answer within ${c.timeoutMs} ms`),
    });
  } catch (e) {
    outcome = { status: "failed", reason: operatorMessageOf(e) };
    if (!isAppError(e)) console.error("[verify]", c.key, e);
  } finally {
    ctl.abort();
  }
  const { key, kind, name } = c;
  return { key, kind, name, ...outcome, durationMs: Math.round(performance.now() - started) };
}

export async function startVerification(
  input: VerificationInput,
  opts: VerificationOptions = {},
): Promise<{ runId: string; done: Promise<VerificationOutcome> }> {
  if (running.has(input.incidentId))
    throw new AppError("already_running", "A verification is already running for this incident.");
  running.add(input.incidentId);
  try {
    const started = await prepareAndStart(input, opts);
    return { runId: started.runId, done: started.done.finally(() => running.delete(input.incidentId)) };
  } catch (e) {
    running.delete(input.incidentId);
    throw e;
  }
}

async function prepareAndStart(
  input: VerificationInput,
  opts: VerificationOptions,
): Promise<{ runId: string; done: Promise<VerificationOutcome> }> {
  const incident = await db.incident.findUnique({
    where: { id: input.incidentId },
    select: { id: true, serviceId: true },
  });
  if (!incident) throw new AppError("not_found", "That incident does not exist.");
  const serviceId = input.serviceId ?? incident.serviceId;
  if (!serviceId) throw new AppError("invalid", "This incident has no service to verify. Set its service first.");
  const service = await db.service.findUnique({
    where: { id: serviceId },
    include: { smokeTests: { orderBy: [{ position: "asc" }, { name: "asc" }] } },
  });
  if (!service) throw new AppError("not_found", "That service does not exist.");

  const expected = input.expected ?? {};
  const checks = planChecks(service, expected, {
    kube: () => opts.kube ?? serviceKubeClients(service),
    prometheusUrl: opts.prometheusUrl === null ? undefined : (opts.prometheusUrl ?? env().PROMETHEUS_URL),
    timeouts: { ...DEFAULT_TIMEOUTS, ...opts.timeouts },
    fetch: opts.fetch,
  });
  const runId = randomUUID();
  const actor = { actor: input.actor.name, actorId: input.actor.id ?? null, incidentId: incident.id };
  const planned = checks.map(({ key, kind, name }) => ({ key, kind, name }));
  await appendEvent({
    ...actor,
    kind: "verify.started",
    message: `Verification of ${service.name} started: ${checks.length} checks${expected.image ? ` (target ${expected.image})` : ""}`,
    payload: { runId, serviceId: service.id, expected, checks: planned },
  });

  const done = (async (): Promise<VerificationOutcome> => {
    const results = await Promise.all(
      checks.map(async (c) => {
        const r = await runOne(c);
        const tail = r.status === "passed" ? (r.detail ?? "passed") : `${r.status}: ${r.reason}`;
        await appendEvent({
          ...actor,
          kind: "verify.check",
          message: `${symbol(r.status)} ${r.name} — ${tail} (${r.durationMs} ms)`,
          payload: { runId, ...r },
        });
        return r;
      }),
    );
    const passed = results.every((r) => isGreen(r.status)) && results.some((r) => r.status === "passed");
    const notGreen = results.filter((r) => !isGreen(r.status));
    const movedToMonitoring = await db.$transaction(async (tx) => {
      await appendEvent(
        {
          ...actor,
          kind: passed ? "verify.passed" : "verify.failed",
          message: passed
            ? `Verification passed: ${results.filter((r) => r.status === "passed").length} checks green`
            : `Verification failed: ${notGreen.map((r) => `${r.name} (${r.reason})`).join("; ")}`,
          payload: { runId, passed, failed: notGreen.map((r) => r.key), counts: countBy(results) },
        },
        tx,
      );
      if (!passed) return false;
      const current = await tx.incident.findUnique({ where: { id: incident.id }, select: { status: true } });
      // Only forward: a resolved (or already monitoring) incident stays where it is.
      if (!current || (current.status !== "investigating" && current.status !== "identified")) return false;
      await tx.incident.update({ where: { id: incident.id }, data: { status: "monitoring" } });
      await appendEvent(
        {
          ...actor,
          kind: "incident.status",
          message: `Status ${current.status} → monitoring (verification passed)`,
          payload: { from: current.status, to: "monitoring", runId },
        },
        tx,
      );
      return true;
    });
    return { runId, passed, results, movedToMonitoring };
  })();

  return { runId, done };
}

/** Runs every check and waits for the outcome. The rollback runner calls this after a success. */
export async function runVerification(
  input: VerificationInput,
  opts: VerificationOptions = {},
): Promise<VerificationOutcome> {
  return (await startVerification(input, opts)).done;
}

function countBy(results: CheckResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}
