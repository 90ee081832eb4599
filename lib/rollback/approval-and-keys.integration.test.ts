// Two-person approval and idempotency keys on the real rollback path (Postgres and the control
// plane): the confirmer is recorded and cannot approve; a key is the caller's own, per incident;
// the automatic trigger's key cannot be taken by a client.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { approveRollbackAction } from "@/lib/actions/approve-rollback";
import { autoKey, startAutoRollback } from "@/lib/triggers/auto-rollback";
import { IMG, apply, createNamespace, deleteNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;

let ns: string;
let planner: ActingUser;
let confirmer: ActingUser;
let approver: ActingUser;

async function badDeploy(name: string) {
  await apply(kubeconfig, ns, deployment(name, { image: IMG("3.9"), replicas: 1 }));
  await waitObserved(kubeconfig, ns, name);
  await apply(kubeconfig, ns, deployment(name, { image: IMG("3.10"), replicas: 1 }));
  await waitObserved(kubeconfig, ns, name);
}

async function serviceAndIncident(name: string, extra: { needsSecondApprover?: boolean } = {}) {
  const service = await db.service.create({
    data: { name: `${name}-${ns}`, namespace: ns, deployments: [name], rolloutTimeoutSec: 60, ...extra },
  });
  const incident = await db.incident.create({
    data: { title: `${name} is failing`, severity: "P1", serviceId: service.id },
  });
  return { service, incident };
}

const plan = (who: ActingUser, incidentId: string, serviceId: string, deploymentName: string, key: string) =>
  runAs(who, () =>
    planRollbackAction({
      incidentId,
      serviceId,
      strategy: "deployment-undo",
      params: { deployment: deploymentName },
      idempotencyKey: key,
    }),
  );

async function ended(id: string) {
  const end = Date.now() + 60_000;
  for (;;) {
    const a = await db.rollbackAction.findUniqueOrThrow({ where: { id } });
    if (["succeeded", "failed", "cancelled"].includes(a.state)) return a;
    if (Date.now() > end) throw new Error(`rollback ${id} still ${a.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "approval");
  planner = await userWithRole("commander", "planner");
  confirmer = await userWithRole("commander", "confirmer");
  approver = await userWithRole("commander", "approver");
});
afterAll(() => deleteNamespace(kubeconfig, ns));

describe("two-person approval", () => {
  it("records who confirmed, refuses the confirmer as approver, and lets a third commander approve", async () => {
    await badDeploy("pay");
    const { service, incident } = await serviceAndIncident("pay", { needsSecondApprover: true });
    const p = await plan(planner, incident.id, service.id, "pay", `two-${Date.now()}`);
    const id = p.ok ? p.data.actionId : "";
    expect(
      await runAs(confirmer, () => startRollbackAction({ actionId: id, confirmation: service.name })),
    ).toMatchObject({ ok: true, data: { state: "awaiting_approval" } });
    expect(await db.rollbackAction.findUniqueOrThrow({ where: { id } })).toMatchObject({
      requestedById: planner.id,
      confirmedById: confirmer.id,
      state: "awaiting_approval",
    });

    const self = await runAs(confirmer, () => approveRollbackAction({ actionId: id }));
    expect(self).toMatchObject({ ok: false, code: "forbidden" });
    expect((await db.rollbackAction.findUniqueOrThrow({ where: { id } })).state).toBe("awaiting_approval");
    expect(await runAs(planner, () => approveRollbackAction({ actionId: id }))).toMatchObject({ ok: false });

    expect(await runAs(approver, () => approveRollbackAction({ actionId: id }))).toMatchObject({
      ok: true,
      data: { state: "running" },
    });
    const done = await ended(id);
    expect(done).toMatchObject({
      state: "succeeded",
      requestedById: planner.id,
      confirmedById: confirmer.id,
      approvedById: approver.id,
    });
  });
});

describe("idempotency keys", () => {
  it("are scoped per incident and caller: the same key from someone else or elsewhere is another rollback", async () => {
    await badDeploy("keys");
    const a = await serviceAndIncident("keys");
    const b = await db.incident.create({ data: { title: "another one", severity: "P2", serviceId: a.service.id } });
    const key = `shared-key-${Date.now()}`;
    const mine = await plan(planner, a.incident.id, a.service.id, "keys", key);
    const again = await plan(planner, a.incident.id, a.service.id, "keys", key);
    const theirs = await plan(confirmer, a.incident.id, a.service.id, "keys", key);
    const elsewhere = await plan(planner, b.id, a.service.id, "keys", key);
    const ids = [mine, again, theirs, elsewhere].map((r) => (r.ok ? r.data.actionId : null));
    expect(ids.every(Boolean)).toBe(true);
    expect(ids[1]).toBe(ids[0]); // a retry by the same caller is the same rollback
    expect(new Set([ids[0], ids[2], ids[3]]).size).toBe(3);
    const rows = await db.rollbackAction.findMany({ where: { id: { in: ids as string[] } } });
    expect(rows.find((r) => r.id === ids[2])).toMatchObject({ incidentId: a.incident.id, requestedById: confirmer.id });
    expect(rows.find((r) => r.id === ids[3])).toMatchObject({ incidentId: b.id, requestedById: planner.id });
  });

  it("a client sending the trigger's key does not take the automatic rollback", async () => {
    await badDeploy("auto");
    const { service, incident } = await serviceAndIncident("auto");
    const squat = await plan(planner, incident.id, service.id, "auto", autoKey(incident.id));
    expect(squat.ok).toBe(true);
    const squatId = squat.ok ? squat.data.actionId : "";

    const outcome = await startAutoRollback(
      incident.id,
      { id: service.id, name: service.name, namespace: ns, deployments: ["auto"] },
      { cooldownSec: 0 },
    );
    expect(outcome).toMatchObject({ kind: "started" });
    const autoId = outcome.kind === "started" ? outcome.actionId : "";
    expect(autoId).not.toBe(squatId);
    const auto = await ended(autoId);
    expect(auto).toMatchObject({ state: "succeeded", idempotencyKey: autoKey(incident.id), incidentId: incident.id });
    // the client's plan is still only the client's, and never ran
    expect(await db.rollbackAction.findUniqueOrThrow({ where: { id: squatId } })).toMatchObject({
      state: "planned",
      requestedById: planner.id,
    });
  });
});
