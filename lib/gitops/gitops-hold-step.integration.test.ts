// The "Hold GitOps sync" step of a rollback, on the real control plane with the real Argo CD
// Application CRD (test/cluster/build.sh says where it comes from): the plan offers it for a
// StatefulSet tracked by an Application with automated sync, the runner holds before it undoes,
// and Release restores exactly; an Application edited between plan and confirm is refused, with
// nothing changed, and a new plan then succeeds. Argo CD's application controller does NOT run here:
// these tests prove what the dashboard writes on the Application, not that Argo CD then stops syncing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { releaseGitopsHoldAction } from "@/lib/actions/release-gitops-hold";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import type { ReconcilerRef } from "@/lib/gitops/settings";
import { eventsAfter } from "@/lib/incidents/timeline";
import type { StatefulSet } from "@/lib/k8s/types";
import { runAction } from "@/lib/rollback/runner";
import { revisionedManifest, waitSynced } from "@/lib/rollback/strategies/deployment-undo/revision-undo.fixtures";
import { kubectl } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deleteNamespace, getJson, strategyContext } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";
import { AUTOMATED, argoApplication } from "@/test/gitops/objects";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;

let ns: string;
let commander: ActingUser;

/** A StatefulSet tracked by Application `app` (its tracking id), at 3.9 and then the bad 3.10. */
async function badStatefulSet(name: string, app: string) {
  for (const tag of ["3.9", "3.10"]) {
    const s = revisionedManifest("StatefulSet", name, { image: IMG(tag), replicas: 1 });
    Object.assign(s.metadata, {
      annotations: { "argocd.argoproj.io/tracking-id": `${ns}_${app}:apps/StatefulSet:${ns}/${name}` },
    });
    await apply(kubeconfig, ns, s);
    await waitSynced(strategyContext(kubeconfig, ns), "StatefulSet", ns, name);
  }
  await apply(
    kubeconfig,
    ns,
    argoApplication(app, ns, {
      path: "db",
      syncPolicy: { automated: AUTOMATED, syncOptions: ["ServerSideApply=true"] },
    }),
  );
}

async function shop(statefulSet: string, app: string) {
  const service = await db.service.create({
    data: {
      name: `hold-${randomBytes(3).toString("hex")}-${ns}`,
      namespace: ns,
      deployments: [],
      statefulSets: [statefulSet],
      rolloutTimeoutSec: 60,
      strategyConfig: { gitops: { holdable: [{ kind: "Application", namespace: ns, name: app }] } },
    },
  });
  const incident = await db.incident.create({
    data: { title: "db is failing", severity: "P1", serviceId: service.id },
  });
  return { service, incident };
}

const plan = (incidentId: string, serviceId: string, name: string) =>
  runAs(commander, () =>
    planRollbackAction({
      incidentId,
      serviceId,
      strategy: "deployment-undo",
      params: { deployment: name, kind: "StatefulSet" },
      idempotencyKey: `hold-step-${randomBytes(6).toString("hex")}`,
    }),
  );

/** Confirms and waits for this process's runner to finish the run (runAction joins the active run). */
async function confirm(actionId: string, serviceName: string, skipGitopsHolds: ReconcilerRef[] = []) {
  const started = await runAs(commander, () =>
    startRollbackAction({ actionId, confirmation: serviceName, skipGitopsHolds }),
  );
  expect(started.ok, JSON.stringify(started)).toBe(true);
  await runAction(actionId);
  return db.rollbackAction.findUniqueOrThrow({ where: { id: actionId }, include: { steps: true } });
}

const appSpec = async (name: string) => (await getJson(kubeconfig, ns, "application", name)).spec;
const image = async (name: string) =>
  (await getJson<StatefulSet>(kubeconfig, ns, "statefulset", name)).spec.template.spec?.containers?.[0]?.image;

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "holdstep");
  commander = await userWithRole("commander", "holdstep");
}, 180_000);

afterAll(async () => {
  await deleteNamespace(kubeconfig, ns);
});

describe("the Hold GitOps sync step", () => {
  it("is offered for an Argo-managed StatefulSet, holds before the undo, and Release restores exactly", async () => {
    await badStatefulSet("db", "shop-db");
    const before = await appSpec("shop-db");
    const { service, incident } = await shop("db", "shop-db");
    const planned = await plan(incident.id, service.id, "db");
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    if (!planned.ok) return;
    expect(planned.data.plan.managedBy?.[0]?.warning).toContain("Argo CD will re-sync the bad version");
    expect(planned.data.plan.gitopsHolds).toEqual([
      expect.objectContaining({
        ref: { kind: "Application", namespace: ns, name: "shop-db" },
        objects: ["StatefulSet db"],
        enabled: true,
        action: expect.stringContaining(
          `switch off automated sync of Argo CD Application ${ns}/shop-db (now automated {"prune":true,"selfHeal":true})`,
        ),
      }),
    ]);
    // The preview wrote nothing: the Application is as it was, and nothing is held.
    expect(await appSpec("shop-db")).toEqual(before);
    expect(await db.gitopsHold.count({ where: { incidentId: incident.id } })).toBe(0);

    const done = await confirm(planned.data.actionId, service.name);
    expect(done.state, done.error ?? "").toBe("succeeded");
    const steps = [...done.steps].sort((a, b) => a.position - b.position).map((s) => [s.name, s.state]);
    expect(steps).toEqual([
      [`gitops-hold Application ${ns}/shop-db`, "succeeded"],
      ["patch", "succeeded"],
      ["rollout", "succeeded"],
    ]);
    expect(await image("db")).toBe(IMG("3.9"));
    const during = await appSpec("shop-db");
    expect(during.syncPolicy).toEqual({ syncOptions: ["ServerSideApply=true"] });

    const hold = await db.gitopsHold.findFirstOrThrow({ where: { incidentId: incident.id, releasedAt: null } });
    expect(hold).toMatchObject({ kind: "Application", name: "shop-db", heldBy: commander.name });
    expect(hold.previous).toEqual({ automated: AUTOMATED });
    const events = await eventsAfter(incident.id);
    const held = events.find((e) => e.kind === "gitops.held");
    expect(held?.payload).toMatchObject({ holdId: hold.id, actionId: planned.data.actionId });
    // Held before the workload was touched: the hold's events come before the patch's.
    const at = (pred: (e: (typeof events)[number]) => boolean) => events.findIndex(pred);
    expect(at((e) => e.kind === "gitops.held")).toBeLessThan(
      at((e) => e.kind === "rollback.step" && e.message.startsWith("patch: running")),
    );
    expect(events.find((e) => e.kind === "rollback.started")?.message).toContain(
      `GitOps hold first: Argo CD Application ${ns}/shop-db.`,
    );

    const released = await runAs(commander, () => releaseGitopsHoldAction({ holdId: hold.id }));
    expect(released.ok, JSON.stringify(released)).toBe(true);
    expect(await appSpec("shop-db")).toEqual(before);
  });

  it("refuses, changing nothing, when the Application changed between plan and confirm; a new plan succeeds", async () => {
    await badStatefulSet("cache", "shop-cache");
    const { service, incident } = await shop("cache", "shop-cache");
    const planned = await plan(incident.id, service.id, "cache");
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    if (!planned.ok) return;
    await kubectl(kubeconfig, [
      "-n",
      ns,
      "patch",
      "application",
      "shop-cache",
      "--type=merge",
      "-p",
      JSON.stringify({ spec: { source: { targetRevision: "hotfix" } } }),
    ]);
    const edited = await appSpec("shop-cache");

    const failed = await confirm(planned.data.actionId, service.name);
    expect(failed.state).toBe("failed");
    const refusal = `Argo CD Application ${ns}/shop-cache changed since the plan (spec.source edited by someone else); nothing was changed.`;
    expect(failed.error).toContain(refusal);
    expect(failed.steps.map((s) => [s.name, s.state])).toEqual([
      [`gitops-hold Application ${ns}/shop-cache`, "failed"],
    ]);
    expect(failed.steps[0].error).toContain(refusal);
    expect(await appSpec("shop-cache")).toEqual(edited);
    expect(await image("cache")).toBe(IMG("3.10"));
    expect(await db.gitopsHold.count({ where: { incidentId: incident.id } })).toBe(0);
    const events = await eventsAfter(incident.id);
    expect(events.find((e) => e.kind === "rollback.failed")?.message).toContain(refusal);

    // Retry: plan again (it reads the Application as it is now), and the rollback goes through.
    const again = await plan(incident.id, service.id, "cache");
    expect(again.ok, JSON.stringify(again)).toBe(true);
    if (!again.ok) return;
    const done = await confirm(again.data.actionId, service.name);
    expect(done.state, done.error ?? "").toBe("succeeded");
    expect(await image("cache")).toBe(IMG("3.9"));
    expect((await appSpec("shop-cache")).syncPolicy.automated).toBeUndefined();
    const hold = await db.gitopsHold.findFirstOrThrow({ where: { incidentId: incident.id, releasedAt: null } });
    expect((await runAs(commander, () => releaseGitopsHoldAction({ holdId: hold.id }))).ok).toBe(true);
    expect(await appSpec("shop-cache")).toEqual(edited);
  });

  it("unticked: the step is skipped, the Application untouched, the rollback done", async () => {
    await badStatefulSet("queue", "shop-queue");
    const before = await appSpec("shop-queue");
    const { service, incident } = await shop("queue", "shop-queue");
    const planned = await plan(incident.id, service.id, "queue");
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    if (!planned.ok) return;
    // Only a hold the plan offers may be unticked.
    const bogus = await runAs(commander, () =>
      startRollbackAction({
        actionId: planned.data.actionId,
        confirmation: service.name,
        skipGitopsHolds: [{ kind: "Application", namespace: ns, name: "other" }],
      }),
    );
    expect(bogus).toMatchObject({ ok: false, code: "invalid" });

    const done = await confirm(planned.data.actionId, service.name, [
      { kind: "Application", namespace: ns, name: "shop-queue" },
    ]);
    expect(done.state, done.error ?? "").toBe("succeeded");
    expect(done.steps.find((s) => s.name.startsWith("gitops-hold"))?.state).toBe("skipped");
    expect(await appSpec("shop-queue")).toEqual(before);
    expect(await image("queue")).toBe(IMG("3.9"));
    expect(await db.gitopsHold.count({ where: { incidentId: incident.id } })).toBe(0);
  });
});
