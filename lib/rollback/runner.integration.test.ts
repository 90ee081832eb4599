// The whole rollback path against the real control plane: plan → confirm → runner → timeline,
// one active rollback per target, idempotent retries, and resuming after a runner died.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { approveRollbackAction } from "@/lib/actions/approve-rollback";
import { RUNNER_ID, runAction, resumeOrphans } from "@/lib/rollback/runner";
import { eventsAfter } from "@/lib/incidents/timeline";
import { IMG, apply, createNamespace, deleteNamespace, deployment, getJson, waitObserved } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";
import type { Deployment } from "@/lib/k8s/types";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;

let ns: string;
let commander: ActingUser;
let commander2: ActingUser;

async function badDeploy(name: string) {
  await apply(kubeconfig, ns, deployment(name, { image: IMG("3.9"), replicas: 2 }));
  await waitObserved(kubeconfig, ns, name);
  await apply(kubeconfig, ns, deployment(name, { image: IMG("3.10"), replicas: 2 }));
  return waitObserved(kubeconfig, ns, name);
}

async function serviceAndIncident(
  name: string,
  extra: { needsSecondApprover?: boolean; strategyConfig?: { workloadUndo: { changeCause: boolean } } } = {},
) {
  const service = await db.service.create({
    data: { name: `${name}-${ns}`, namespace: ns, deployments: [name], rolloutTimeoutSec: 60, ...extra },
  });
  const incident = await db.incident.create({
    data: { title: `${name} is failing`, severity: "P1", serviceId: service.id },
  });
  return { service, incident };
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ended = (id: string) =>
  until(async () => {
    const a = await db.rollbackAction.findUniqueOrThrow({ where: { id } });
    return ["succeeded", "failed", "cancelled"].includes(a.state) && a;
  });

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "runner");
  commander = await userWithRole("commander", "one");
  commander2 = await userWithRole("commander", "two");
});
afterAll(() => deleteNamespace(kubeconfig, ns));

describe("rollback runner", () => {
  it("plans, needs the typed service name, rolls back, and records every step with the actor", async () => {
    await badDeploy("web");
    const { service, incident } = await serviceAndIncident("web");
    const planned = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "web" },
        idempotencyKey: `k-${Date.now()}-web`,
      }),
    );
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(
      planned.data.plan.diff.some((d) => String(d.before).includes("3.10") && String(d.after).includes("3.9")),
    ).toBe(true);
    expect(planned.data.plan.dryRun?.ok).toBe(true);

    const wrong = await runAs(commander, () =>
      startRollbackAction({ actionId: planned.data.actionId, confirmation: "web-typo" }),
    );
    expect(wrong).toMatchObject({ ok: false, code: "invalid" });
    expect((await db.rollbackAction.findUniqueOrThrow({ where: { id: planned.data.actionId } })).state).toBe("planned");

    const started = await runAs(commander, () =>
      startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }),
    );
    expect(started).toMatchObject({ ok: true, data: { state: "running" } });
    const done = await ended(planned.data.actionId);
    expect(done.state).toBe("succeeded");
    // Claimed by the confirmation itself for this process's runner: one claim, no second compare-and-set.
    expect(done).toMatchObject({ runnerId: RUNNER_ID, claimEpoch: 1 });

    const d = await getJson<Deployment>(kubeconfig, ns, "deployment", "web");
    expect(d.spec.template.spec?.containers?.[0]?.image).toBe(IMG("3.9"));
    const kinds = (await eventsAfter(incident.id)).map((e) => e.kind);
    for (const k of [
      "rollback.planned",
      "rollback.started",
      "rollback.running",
      "rollback.capture",
      "rollback.progress",
      "rollback.succeeded",
    ]) {
      expect(kinds).toContain(k);
    }
    const events = await eventsAfter(incident.id);
    expect(events.filter((e) => e.kind.startsWith("rollback.")).every((e) => e.actor === commander.name)).toBe(true);
    const artifacts = await db.artifact.findMany({ where: { actionId: planned.data.actionId } });
    // Stored beside the patch, read before it: the YAML is the bad revision the rollback replaced.
    const yaml = artifacts.find((a) => a.name === "deployment/web.yaml");
    expect(yaml?.content).toContain(IMG("3.10"));
    expect(yaml?.content).not.toContain(IMG("3.9"));
    const inc = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(inc.decisionAt && inc.rollbackStartedAt && inc.rollbackCompletedAt).toBeTruthy();

    // A retried confirm of the same action changes nothing.
    const again = await runAs(commander, () =>
      startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }),
    );
    expect(again).toMatchObject({ ok: true, data: { state: "succeeded" } });
  });

  it("with the service's change-cause setting on: the preview shows the text, the runner annotates as a step", async () => {
    await badDeploy("cause");
    const { service, incident } = await serviceAndIncident("cause", {
      strategyConfig: { workloadUndo: { changeCause: true } },
    });
    const planned = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "cause" },
        idempotencyKey: `k-${Date.now()}-cause`,
      }),
    );
    if (!planned.ok) throw new Error(planned.error);
    const text = `rollback by ${commander.name} for incident ${incident.id}: kubectl rollout undo deployment/cause to revision 1`;
    expect(planned.data.plan.diff).toContainEqual({
      path: "annotation kubernetes.io/change-cause",
      before: null,
      after: text,
    });
    // The preview wrote nothing.
    const afterPlan = await getJson<Deployment>(kubeconfig, ns, "deployment", "cause");
    expect(afterPlan.metadata.annotations?.["kubernetes.io/change-cause"]).toBeUndefined();

    await runAs(commander, () => startRollbackAction({ actionId: planned.data.actionId, confirmation: service.name }));
    expect((await ended(planned.data.actionId)).state).toBe("succeeded");
    const d = await getJson<Deployment>(kubeconfig, ns, "deployment", "cause");
    expect(d.metadata.annotations?.["kubernetes.io/change-cause"]).toBe(text);
    const steps = await db.rollbackStep.findMany({
      where: { actionId: planned.data.actionId },
      orderBy: { position: "asc" },
    });
    expect(steps.map((s) => `${s.name}:${s.state}`)).toEqual([
      "patch:succeeded",
      "rollout:succeeded",
      "change-cause:succeeded",
    ]);
    const events = (await eventsAfter(incident.id)).filter((e) => e.kind === "rollback.step");
    expect(events.some((e) => e.message.startsWith("change-cause: succeeded") && e.actor === commander.name)).toBe(
      true,
    );
  });

  it("20 concurrent starts of the same rollback: exactly one patch and one running action", async () => {
    const before = await badDeploy("api");
    const { service, incident } = await serviceAndIncident("api");
    const plans = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runAs(i % 2 ? commander : commander2, () =>
          planRollbackAction({
            incidentId: incident.id,
            serviceId: service.id,
            strategy: "deployment-undo",
            params: { deployment: "api" },
            idempotencyKey: `c-${i}-${Date.now()}`,
          }),
        ),
      ),
    );
    const ids = plans.map((p) => (p.ok ? p.data.actionId : ""));
    expect(ids.every(Boolean)).toBe(true);
    // the same key again, from the same caller (ids[0] was commander2's), is the same rollback
    const firstKey = await awaitKey(ids[0]);
    const samePlan = await runAs(commander2, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "api" },
        idempotencyKey: firstKey,
      }),
    );
    expect(samePlan.ok && samePlan.data.actionId).toBe(ids[0]);

    const starts = await Promise.all(
      ids.map((id, i) =>
        runAs(i % 2 ? commander : commander2, () => startRollbackAction({ actionId: id, confirmation: service.name })),
      ),
    );
    const running = starts.filter((s) => s.ok && s.data.state === "running");
    const refused = starts.filter((s) => !s.ok);
    expect(running).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.ok ? "" : r.error).toMatch(/already running, started by .+ at \d{4}-\d\d-\d\d/);

    const winner = running[0].ok ? running[0].data.actionId : "";
    expect((await ended(winner)).state).toBe("succeeded");
    const after = await getJson<Deployment>(kubeconfig, ns, "deployment", "api");
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 0) + 1); // one patch
    expect(
      await db.rollbackAction.count({ where: { incidentId: incident.id, state: { in: ["running", "succeeded"] } } }),
    ).toBe(1);
  });

  it("a service that needs a second approver waits for another commander", async () => {
    await badDeploy("pay");
    const { service, incident } = await serviceAndIncident("pay", { needsSecondApprover: true });
    const p = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "pay" },
        idempotencyKey: `a-${Date.now()}`,
      }),
    );
    const id = p.ok ? p.data.actionId : "";
    expect(
      await runAs(commander, () => startRollbackAction({ actionId: id, confirmation: service.name })),
    ).toMatchObject({ ok: true, data: { state: "awaiting_approval" } });
    expect(await runAs(commander, () => approveRollbackAction({ actionId: id }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await runAs(commander2, () => approveRollbackAction({ actionId: id }))).toMatchObject({
      ok: true,
      data: { state: "running" },
    });
    expect((await ended(id)).state).toBe("succeeded");
    // The timeline shows the start, by the approver, after the approval (as a one-person confirm does).
    const events = (await eventsAfter(incident.id)).filter((e) => (e.payload as { actionId?: string }).actionId === id);
    const kinds = events.map((e) => e.kind);
    expect(kinds.indexOf("rollback.started")).toBeGreaterThan(kinds.indexOf("rollback.approved"));
    expect(kinds.indexOf("rollback.approved")).toBeGreaterThan(kinds.indexOf("rollback.awaiting_approval"));
    expect(events.find((e) => e.kind === "rollback.started")?.actor).toBe(commander2.name);
  });

  it("resumes a rollback whose runner died, and finishes the record", async () => {
    await badDeploy("cart");
    const { service, incident } = await serviceAndIncident("cart");
    const p = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "cart" },
        idempotencyKey: `r-${Date.now()}`,
      }),
    );
    const id = p.ok ? p.data.actionId : "";
    // What a crashed replica leaves behind: running, claimed by a runner that stopped beating.
    await db.rollbackAction.update({
      where: { id },
      data: {
        state: "running",
        runnerId: "dead-replica:1",
        heartbeatAt: new Date(Date.now() - 60_000),
        startedAt: new Date(),
      },
    });
    await db.rollbackStep.create({ data: { actionId: id, position: 0, name: "patch", state: "running" } });
    expect(await resumeOrphans()).toContain(id);
    expect((await ended(id)).state).toBe("succeeded");
    expect((await eventsAfter(incident.id)).map((e) => e.kind)).toContain("rollback.resumed");
    const d = await getJson<Deployment>(kubeconfig, ns, "deployment", "cart");
    expect(d.spec.template.spec?.containers?.[0]?.image).toBe(IMG("3.9"));
    // a second runner does not take over a healthy claim
    await runAction(id);
  });

  it("a failure is recorded with its cause and leaves the action failed, ready for a retry", async () => {
    const { service, incident } = await serviceAndIncident("ghost");
    const planned = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "ghost" },
        idempotencyKey: `g-${Date.now()}`,
      }),
    );
    expect(planned).toMatchObject({ ok: false, code: "not_found" });
    expect(planned.ok ? "" : planned.error).toMatch(/ghost/);
    expect(await db.rollbackAction.count({ where: { incidentId: incident.id } })).toBe(0);

    // a rollout that cannot complete: the previous revision's pods never schedule
    await apply(
      kubeconfig,
      ns,
      deployment("stuck", { image: IMG("3.9"), replicas: 1, extra: { progressDeadlineSeconds: 3 } }),
    );
    await waitObserved(kubeconfig, ns, "stuck");
    const unschedulable = deployment("stuck", {
      image: IMG("3.9"),
      replicas: 1,
      extra: { progressDeadlineSeconds: 3 },
    });
    (unschedulable.spec.template.spec as Record<string, unknown>).nodeSelector = { "no-such-node": "true" };
    await apply(kubeconfig, ns, unschedulable);
    await waitObserved(kubeconfig, ns, "stuck");
    await apply(
      kubeconfig,
      ns,
      deployment("stuck", { image: IMG("3.10"), replicas: 1, extra: { progressDeadlineSeconds: 3 } }),
    );
    await waitObserved(kubeconfig, ns, "stuck");
    // A short rollout budget: whichever ends the wait first (the controller's progress deadline or
    // our timeout, on a loaded machine) the failure must be recorded with its cause.
    const s2 = await db.service.create({
      data: { name: `stuck-${ns}`, namespace: ns, deployments: ["stuck"], rolloutTimeoutSec: 20 },
    });
    const p = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: s2.id,
        strategy: "deployment-undo",
        params: { deployment: "stuck" },
        idempotencyKey: `s-${Date.now()}`,
      }),
    );
    const id = p.ok ? p.data.actionId : "";
    await runAs(commander, () => startRollbackAction({ actionId: id, confirmation: s2.name }));
    const done = await ended(id);
    expect(done.state).toBe("failed");
    expect(done.error).toMatch(
      /progress deadline|ProgressDeadlineExceeded|timed out after 20s waiting for the rollout/i,
    );
    const failedEvent = (await eventsAfter(incident.id)).find((e) => e.kind === "rollback.failed");
    expect(failedEvent?.message).toMatch(/escalate/);
  });
});

async function awaitKey(actionId: string): Promise<string> {
  // Stored as client:<incident>:<user>:<the client's key>; the client sends its own part again.
  return (await db.rollbackAction.findUniqueOrThrow({ where: { id: actionId } })).idempotencyKey
    .split(":")
    .slice(3)
    .join(":");
}
