// The runner's fenced claim on the real stack: two replicas (real processes, test/runner/runner-process.ts)
// on one Postgres and the test control plane. The one holding the claim is paused (SIGSTOP) past
// its heartbeat mid-rollback, the other takes over and finishes, then the first is resumed
// (SIGCONT): it must notice it lost the claim and write nothing. The replicas run only the runner
// loop, not `next start`: it is the loop instrumentation.ts starts, and two of them start in
// seconds on a loaded machine (a production build would take minutes).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { planRollback } from "@/lib/rollback/lifecycle";
import { eventsAfter } from "@/lib/incidents/timeline";
import { IMG, apply, createNamespace, deleteNamespace, deployment, getJson, waitObserved } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";
import type { Deployment } from "@/lib/k8s/types";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;

type Replica = { child: ChildProcess; id: string; log: () => string };

function startReplica(): Promise<Replica> {
  const root = path.resolve(import.meta.dirname, "../..");
  // node itself (not the npx/tsx wrapper) so that SIGSTOP pauses the process that runs the loop.
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/runner/runner-process.ts", "300"],
    {
      cwd: root,
      env: {
        ...process.env,
        KUBECONFIG: kubeconfig,
        RCC_RUNNER_HEARTBEAT_MS: "500",
        RCC_RUNNER_STALE_MS: "3000",
        RCC_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "2000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${out}`)), 60_000);
    child.once("exit", (code) => reject(new Error(`replica exited (${code}):\n${out}`)));
    child.stdout!.on("data", () => {
      const m = /\{"ready":"([^"]+)"\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, id: m[1], log: () => out });
      }
    });
  });
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 30_000, what = "it"): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let ns: string;
const replicas: Replica[] = [];

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "fault");
  replicas.push(...(await Promise.all([startReplica(), startReplica()])));
}, 120_000);
afterAll(async () => {
  for (const r of replicas) {
    r.child.kill("SIGCONT");
    r.child.kill("SIGTERM");
  }
  await deleteNamespace(kubeconfig, ns);
});

describe("runner fault: a paused replica loses its claim", () => {
  it("the other replica takes over; each step runs once, the timeline names both, one end record", async () => {
    // A rollout that takes seconds: one pod at a time, each available only after 4 s.
    const extra = { minReadySeconds: 4, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } };
    await apply(kubeconfig, ns, deployment("web", { image: IMG("3.9"), replicas: 2, extra }));
    await waitObserved(kubeconfig, ns, "web");
    await apply(kubeconfig, ns, deployment("web", { image: IMG("3.10"), replicas: 2, extra }));
    const before = await waitObserved(kubeconfig, ns, "web");

    const commander = await userWithRole("commander", "fault");
    const service = await db.service.create({
      data: { name: `web-${ns}`, namespace: ns, deployments: ["web"], rolloutTimeoutSec: 60 },
    });
    const incident = await db.incident.create({
      data: { title: "web is failing", severity: "P1", serviceId: service.id },
    });
    const planned = await planRollback(
      {
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "web" },
        idempotencyKey: `fault-${Date.now()}`,
      },
      commander,
    );
    // What a confirm does, without running it in this process: running, unclaimed; the replicas'
    // loops find it and one of them claims it.
    await db.rollbackAction.update({
      where: { id: planned.id },
      data: { state: "running", startedAt: new Date(), runnerId: null, heartbeatAt: null },
    });

    const patched = await until(
      async () => {
        const step = await db.rollbackStep.findFirst({ where: { actionId: planned.id, name: "patch" } });
        return step?.state === "succeeded" && step;
      },
      30_000,
      "the patch",
    );
    const holder = (await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.id } })).runnerId;
    const first = replicas.find((r) => r.id === holder)!;
    const second = replicas.find((r) => r.id !== holder)!;
    expect(first).toBeDefined();
    first.child.kill("SIGSTOP");
    expect(patched.state).toBe("succeeded");

    // Paused past the claim's stale time (3 s): the other replica takes over and finishes.
    const done = await until(
      async () => {
        const a = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.id } });
        return a.state !== "running" && a;
      },
      45_000,
      "the rollback to end",
    );
    expect(done.state).toBe("succeeded");
    expect(done.runnerId).toBe(second.id);
    const eventsAtResume = await until(
      async () => {
        const evs = await eventsAfter(incident.id);
        return evs.some((e) => e.kind === "rollback.succeeded") && evs;
      },
      10_000,
      "the end record",
    );

    first.child.kill("SIGCONT");
    await until(async () => /lost its claim/.test(first.log()), 15_000, "the first runner to notice");
    await new Promise((r) => setTimeout(r, 1_500)); // time for any write it might still try

    const all = await eventsAfter(incident.id);
    // Nothing from the first runner after it was resumed (what follows is the second's verification).
    const runnerOf = (e: { payload: unknown }) => (e.payload as { runner?: string }).runner;
    const later = all.filter((e) => BigInt(e.id) > BigInt(eventsAtResume.at(-1)!.id));
    expect(later.filter((e) => runnerOf(e) !== undefined && runnerOf(e) !== second.id)).toEqual([]);
    expect(later.filter((e) => e.kind.startsWith("rollback."))).toEqual([]);
    // The run's events (the recorder's, each naming its runner): the first's, then the takeover, then the second's.
    const events = all.filter((e) => runnerOf(e));
    const takeover = events.find((e) => e.kind === "rollback.resumed")!;
    expect(takeover).toBeDefined();
    expect(runnerOf(takeover)).toBe(second.id);
    expect(takeover.payload).toMatchObject({ previousRunner: first.id });
    expect(takeover.message).toContain(first.id);
    expect(takeover.message).toContain(second.id);
    const afterTakeover = events.filter((e) => BigInt(e.id) > BigInt(takeover.id));
    expect(afterTakeover.every((e) => runnerOf(e) === second.id)).toBe(true);
    expect(events.filter((e) => BigInt(e.id) < BigInt(takeover.id)).every((e) => runnerOf(e) === first.id)).toBe(true);

    // Each step ran once: one patch (one new generation), one record per step, each by one runner.
    const after = await getJson<Deployment>(kubeconfig, ns, "deployment", "web");
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 0) + 1);
    expect(after.spec.template.spec?.containers?.[0]?.image).toBe(IMG("3.9"));
    const steps = await db.rollbackStep.findMany({ where: { actionId: planned.id }, orderBy: { position: "asc" } });
    expect(steps.map((s) => [s.name, s.state])).toEqual([
      ["patch", "succeeded"],
      ["rollout", "succeeded"],
    ]);
    const stepEvents = (name: string, state: string) =>
      events.filter(
        (e) =>
          e.kind === "rollback.step" &&
          (e.payload as { step: string }).step === name &&
          (e.payload as { state: string }).state === state,
      );
    expect(stepEvents("patch", "succeeded").map(runnerOf)).toEqual([first.id]);
    expect(stepEvents("patch", "running").map(runnerOf)).toEqual([first.id]);
    // The rollout (its reports carry progress) was finished by the second runner.
    const rollout = events.filter((e) => (e.payload as { step?: string }).step === "rollout");
    expect(rollout.at(-1)).toMatchObject({ kind: "rollback.progress", payload: { runner: second.id } });

    // Recorded once: one end event, one capture, no failure or cancel from the paused runner.
    expect(events.filter((e) => e.kind === "rollback.succeeded").map(runnerOf)).toEqual([second.id]);
    // The paused runner may have stopped before storing its capture (it goes on beside the patch):
    // then the second captures at takeover and says so. Either way there is exactly one.
    const captures = events.filter((e) => e.kind === "rollback.capture");
    expect(captures).toHaveLength(1);
    const [capture] = captures;
    expect([runnerOf(capture), (capture.payload as { at?: string }).at]).toEqual(
      runnerOf(capture) === first.id ? [first.id, "before-change"] : [second.id, "takeover"],
    );
    if (runnerOf(capture) === second.id) expect(capture.message).toContain("at takeover");
    expect(events.some((e) => e.kind === "rollback.failed" || e.kind === "rollback.cancelled")).toBe(false);
    const final = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.id } });
    expect(final).toMatchObject({ state: "succeeded", runnerId: second.id, error: null });
    expect(final.finishedAt?.getTime()).toBe(done.finishedAt?.getTime());
    expect(final.claimEpoch).toBe(2);
  }, 120_000);
});
