// SIGTERM drain on the real stack: two runner replicas (real processes, test/runner/runner-process.ts,
// which drains as the server does) on one Postgres and the test control plane. The one holding a
// rollback mid-rollout gets SIGTERM: it exits 0, records no failure, and releases its claim, so the
// other resumes it at once. The stale time is 60 s: without the release the takeover would wait
// for it, past this test's window.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { planRollback } from "@/lib/rollback/lifecycle";
import { eventsAfter } from "@/lib/incidents/timeline";
import { IMG, apply, createNamespace, deleteNamespace, deployment, getJson, waitObserved } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";
import { startReplica, until, type Replica } from "@/test/runner/replica";
import type { Deployment } from "@/lib/k8s/types";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;
const STALE_MS = 60_000;

let ns: string;
const replicas: Replica[] = [];

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "drain");
  const env = {
    KUBECONFIG: kubeconfig,
    RCC_RUNNER_HEARTBEAT_MS: "500",
    RCC_RUNNER_STALE_MS: String(STALE_MS),
    RCC_SHUTDOWN_DEADLINE_MS: "15000",
  };
  replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
}, 120_000);
afterAll(async () => {
  for (const r of replicas) r.child.kill("SIGKILL");
  await deleteNamespace(kubeconfig, ns);
});

describe("SIGTERM drain: the runner hands off its claim", () => {
  it("the terminated replica exits 0 and the other resumes the rollback at once and finishes it", async () => {
    const extra = { minReadySeconds: 4, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } };
    await apply(kubeconfig, ns, deployment("web", { image: IMG("3.9"), replicas: 2, extra }));
    await waitObserved(kubeconfig, ns, "web");
    await apply(kubeconfig, ns, deployment("web", { image: IMG("3.10"), replicas: 2, extra }));
    const before = await waitObserved(kubeconfig, ns, "web");

    const commander = await userWithRole("commander", "drain");
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
        idempotencyKey: `drain-${Date.now()}`,
      },
      commander,
    );
    await db.rollbackAction.update({
      where: { id: planned.id },
      data: { state: "running", startedAt: new Date(), runnerId: null, heartbeatAt: null },
    });

    await until(
      async () => {
        const step = await db.rollbackStep.findFirst({ where: { actionId: planned.id, name: "patch" } });
        return step?.state === "succeeded";
      },
      30_000,
      "the patch",
    );
    const holder = (await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.id } })).runnerId;
    const first = replicas.find((r) => r.id === holder)!;
    const second = replicas.find((r) => r.id !== holder)!;
    expect(first).toBeDefined();

    const t0 = Date.now();
    first.child.kill("SIGTERM");
    const code = await first.exited;
    expect(code, `the drained replica's log:\n${first.log()}`).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(first.log()).toContain(`handed off ${planned.id}`);

    // Resumed well inside the stale time: the release, not the staleness, let the other claim it.
    const done = await until(
      async () => {
        const a = await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.id } });
        return a.state !== "running" && a;
      },
      40_000,
      "the rollback to end",
    );
    expect(Date.now() - t0).toBeLessThan(STALE_MS);
    expect(done).toMatchObject({ state: "succeeded", runnerId: second.id, error: null, claimEpoch: 2 });

    const events = await until(
      async () => {
        const evs = await eventsAfter(incident.id);
        return evs.some((e) => e.kind === "rollback.succeeded") && evs;
      },
      10_000,
      "the end record",
    );
    const runnerOf = (e: { payload: unknown }) => (e.payload as { runner?: string }).runner;
    const takeover = events.find((e) => e.kind === "rollback.resumed");
    expect(takeover).toMatchObject({ payload: { previousRunner: first.id } });
    expect(runnerOf(takeover!)).toBe(second.id);
    expect(events.filter((e) => e.kind === "rollback.succeeded").map(runnerOf)).toEqual([second.id]);
    expect(events.some((e) => e.kind === "rollback.failed" || e.kind === "rollback.cancelled")).toBe(false);

    // Converged: patched once (one new generation), back on the previous image, each step recorded once.
    const after = await getJson<Deployment>(kubeconfig, ns, "deployment", "web");
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 0) + 1);
    expect(after.spec.template.spec?.containers?.[0]?.image).toBe(IMG("3.9"));
    const steps = await db.rollbackStep.findMany({ where: { actionId: planned.id }, orderBy: { position: "asc" } });
    expect(steps.map((s) => [s.name, s.state])).toEqual([
      ["patch", "succeeded"],
      ["rollout", "succeeded"],
    ]);
  }, 120_000);
});
