// GitOps hold against the real Argo CD Application and Flux Kustomization / HelmRelease CRDs served
// by the test control plane's apiserver (test/cluster/build.sh says which modules they come from).
// The reconcilers themselves (Argo CD's application controller, Flux's kustomize-controller and
// helm-controller) do NOT run here: these tests prove what the dashboard writes and restores on those
// objects, and what plans say about them, not that Argo CD or Flux then stop or resume syncing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { holdGitopsAction } from "@/lib/actions/hold-gitops";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { releaseGitopsHoldAction } from "@/lib/actions/release-gitops-hold";
import { updateIncidentStatusAction } from "@/lib/actions/update-incident-status";
import { kubectl } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deleteNamespace, deployment, getJson, waitObserved } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";
import { argoApplication, fluxHelmRelease, fluxKustomization } from "@/test/gitops/objects";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;

let ns: string;
let commander: ActingUser;
let viewer: ActingUser;

const AUTOMATED = { prune: true, selfHeal: true, allowEmpty: false };

const specOf = async (kind: string, name: string) => (await getJson(kubeconfig, ns, kind, name)).spec;

async function shop(holdable: { kind: string; name: string }[]) {
  const service = await db.service.create({
    data: {
      name: `gitops-${randomBytes(3).toString("hex")}-${ns}`,
      namespace: ns,
      deployments: ["web", "api", "orphan"],
      rolloutTimeoutSec: 60,
      strategyConfig: { gitops: { holdable: holdable.map((h) => ({ ...h, namespace: ns })) } },
    },
  });
  const incident = await db.incident.create({
    data: { title: "shop is failing", severity: "P1", serviceId: service.id },
  });
  return { service, incident };
}

const hold = (who: ActingUser, incidentId: string, serviceId: string, kind: string, name: string) =>
  runAs(who, () => holdGitopsAction({ incidentId, serviceId, kind, namespace: ns, name }));
const release = (who: ActingUser, holdId: string) => runAs(who, () => releaseGitopsHoldAction({ holdId }));

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "gitops");
  commander = await userWithRole("commander", "gitops");
  viewer = await userWithRole("viewer", "gitops");
  // web: managed by Argo CD (tracking id of an Application in this namespace); api: by a Flux Kustomization.
  const argoWeb = { "argocd.argoproj.io/tracking-id": `${ns}_shop:apps/Deployment:${ns}/web` };
  const fluxApi = { "kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": ns };
  // orphan: tracked by an Application that does not exist (the plan says so instead of failing).
  const argoMissing = { "argocd.argoproj.io/tracking-id": `${ns}_missing:apps/Deployment:${ns}/orphan` };
  for (const [name, meta] of [
    ["web", { annotations: argoWeb }],
    ["api", { labels: fluxApi }],
    ["orphan", { annotations: argoMissing }],
  ] as const) {
    for (const tag of ["3.9", "3.10"]) {
      const d = deployment(name, { image: IMG(tag), replicas: 1 });
      Object.assign(d.metadata, {
        annotations: "annotations" in meta ? meta.annotations : undefined,
        labels: { ...d.metadata.labels, ...("labels" in meta ? meta.labels : {}) },
      });
      await apply(kubeconfig, ns, d);
      await waitObserved(kubeconfig, ns, name);
    }
  }
  await apply(
    kubeconfig,
    ns,
    argoApplication("shop", ns, { syncPolicy: { automated: AUTOMATED, syncOptions: ["CreateNamespace=true"] } }),
  );
  await apply(kubeconfig, ns, fluxKustomization("apps"));
  await apply(kubeconfig, ns, fluxHelmRelease("web-chart", { suspend: false }));
  await apply(kubeconfig, ns, argoApplication("other", ns, { syncPolicy: { automated: AUTOMATED } }));
}, 180_000);

afterAll(async () => {
  await deleteNamespace(kubeconfig, ns);
});

describe("the plan's managed-by warning", () => {
  it("says Argo CD will re-sync an Argo-managed Deployment, from the Application's real sync policy", async () => {
    const { service, incident } = await shop([{ kind: "Application", name: "shop" }]);
    const r = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "web" },
        idempotencyKey: `gitops-${randomBytes(6).toString("hex")}`,
      }),
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const [note] = r.data.plan.managedBy ?? [];
    expect(note).toMatchObject({
      object: "Deployment web",
      holdable: { kind: "Application", namespace: ns, name: "shop" },
      holdAllowed: true,
      state: { read: true, automated: true, selfHeal: true },
    });
    expect(note.warning).toContain(
      "Argo CD will re-sync the bad version within its sync interval (default 3 min) because automated sync with self-heal is on",
    );
  });

  it("says a Flux Kustomization that is not suspended will undo the change on a Flux-managed Deployment", async () => {
    const { service, incident } = await shop([]);
    const r = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "api" },
        idempotencyKey: `gitops-${randomBytes(6).toString("hex")}`,
      }),
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const [note] = r.data.plan.managedBy ?? [];
    // Not in this service's gitops settings: the plan still warns, but offers no hold.
    expect(note).toMatchObject({ holdable: { kind: "Kustomization", name: "apps" }, holdAllowed: false });
    expect(note.warning).toContain(`Flux Kustomization "apps" in "${ns}", which is not suspended`);
    expect(note.warning).toContain("re-applies the version in git every 10m and will undo this change");
  });
  it("says the Application could not be read (404) instead of failing the plan", async () => {
    const { service, incident } = await shop([]);
    const r = await runAs(commander, () =>
      planRollbackAction({
        incidentId: incident.id,
        serviceId: service.id,
        strategy: "deployment-undo",
        params: { deployment: "orphan" },
        idempotencyKey: `gitops-${randomBytes(6).toString("hex")}`,
      }),
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const [note] = r.data.plan.managedBy ?? [];
    expect(note.state).toEqual({
      read: false,
      reason: `could not read Argo CD Application ${ns}/missing: it was not found (404)`,
    });
    expect(note.warning).toContain("its sync policy could not be read");
  });
});

describe("hold and release", () => {
  it("switches an Application's automated sync off and restores it exactly", async () => {
    const { service, incident } = await shop([{ kind: "Application", name: "shop" }]);
    const before = await specOf("application", "shop");
    const held = await hold(commander, incident.id, service.id, "Application", "shop");
    expect(held.ok, JSON.stringify(held)).toBe(true);
    if (!held.ok) return;
    const during = await specOf("application", "shop");
    expect(during.syncPolicy.automated).toBeUndefined();
    expect(during.syncPolicy.syncOptions).toEqual(["CreateNamespace=true"]);
    const row = await db.gitopsHold.findUniqueOrThrow({ where: { id: held.data.holdId } });
    expect(row.previous).toEqual({ automated: AUTOMATED });
    // A second hold on the same object would record the first hold's state as "previous": refused.
    const again = await hold(commander, incident.id, service.id, "Application", "shop");
    expect(again).toMatchObject({ ok: false, code: "conflict" });

    const released = await release(commander, held.data.holdId);
    expect(released.ok, JSON.stringify(released)).toBe(true);
    expect(await specOf("application", "shop")).toEqual(before);
    const kinds = (await db.timelineEvent.findMany({ where: { incidentId: incident.id } })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["gitops.held", "gitops.released"]));
    expect(await db.gitopsHold.findUniqueOrThrow({ where: { id: held.data.holdId } })).toMatchObject({
      releasedBy: commander.name,
    });
  });

  it("suspends a Kustomization without a suspend field and removes the field again on release", async () => {
    const { service, incident } = await shop([{ kind: "Kustomization", name: "apps" }]);
    const before = await specOf("kustomization", "apps");
    expect(before.suspend).toBeUndefined();
    const held = await hold(commander, incident.id, service.id, "Kustomization", "apps");
    expect(held.ok, JSON.stringify(held)).toBe(true);
    if (!held.ok) return;
    expect((await specOf("kustomization", "apps")).suspend).toBe(true);
    expect(held.data.setting).toBe("suspend absent");
    expect((await release(commander, held.data.holdId)).ok).toBe(true);
    expect(await specOf("kustomization", "apps")).toEqual(before);
  });

  it("suspends a HelmRelease with suspend: false and puts false back", async () => {
    const { service, incident } = await shop([{ kind: "HelmRelease", name: "web-chart" }]);
    const before = await specOf("helmrelease", "web-chart");
    const held = await hold(commander, incident.id, service.id, "HelmRelease", "web-chart");
    expect(held.ok, JSON.stringify(held)).toBe(true);
    if (!held.ok) return;
    expect((await specOf("helmrelease", "web-chart")).suspend).toBe(true);
    expect((await release(commander, held.data.holdId)).ok).toBe(true);
    expect(await specOf("helmrelease", "web-chart")).toEqual(before);
  });

  it("refuses to release, changing nothing, when someone edited the spec since the hold", async () => {
    const { service, incident } = await shop([{ kind: "Application", name: "shop" }]);
    const held = await hold(commander, incident.id, service.id, "Application", "shop");
    expect(held.ok, JSON.stringify(held)).toBe(true);
    if (!held.ok) return;
    await kubectl(kubeconfig, [
      "-n",
      ns,
      "patch",
      "application",
      "shop",
      "--type=merge",
      "-p",
      JSON.stringify({ spec: { source: { targetRevision: "hotfix" } } }),
    ]);
    const edited = await specOf("application", "shop");
    const r = await release(commander, held.data.holdId);
    expect(r).toMatchObject({ ok: false, code: "conflict" });
    if (!r.ok)
      expect(r.error).toContain("changed since the hold (spec.source edited by someone else); nothing was changed");
    expect(await specOf("application", "shop")).toEqual(edited);
    expect(edited.syncPolicy.automated).toBeUndefined();
    expect((await db.gitopsHold.findUniqueOrThrow({ where: { id: held.data.holdId } })).releasedAt).toBeNull();

    // Resolving now asks for a decision: refused unless the commander keeps the holds.
    const resolve = await runAs(commander, () =>
      updateIncidentStatusAction({ incidentId: incident.id, status: "resolved" }),
    );
    expect(resolve).toMatchObject({ ok: false, code: "conflict" });
    if (!resolve.ok) expect(resolve.error).toContain(`still holds Application ${ns}/shop`);
    const kept = await runAs(commander, () =>
      updateIncidentStatusAction({ incidentId: incident.id, status: "resolved", keepHolds: true }),
    );
    expect(kept.ok, JSON.stringify(kept)).toBe(true);
    // Leave the object as the other tests expect it.
    await db.gitopsHold.update({
      where: { id: held.data.holdId },
      data: { releasedAt: new Date(), releasedBy: "test" },
    });
    await apply(
      kubeconfig,
      ns,
      argoApplication("shop", ns, { syncPolicy: { automated: AUTOMATED, syncOptions: ["CreateNamespace=true"] } }),
    );
  });
});

describe("the actions", () => {
  it("refuse a viewer, and an object the service's settings do not list, writing nothing", async () => {
    const { service, incident } = await shop([{ kind: "Application", name: "shop" }]);
    const before = await specOf("application", "other");
    const byViewer = await hold(viewer, incident.id, service.id, "Application", "shop");
    expect(byViewer).toMatchObject({ ok: false, code: "forbidden" });
    const notListed = await hold(commander, incident.id, service.id, "Application", "other");
    expect(notListed).toMatchObject({ ok: false, code: "forbidden" });
    if (!notListed.ok) expect(notListed.error).toContain("is not configured for this service's GitOps hold");
    expect(await specOf("application", "other")).toEqual(before);
    expect((await specOf("application", "shop")).syncPolicy.automated).toEqual(AUTOMATED);
    expect(await db.gitopsHold.count({ where: { incidentId: incident.id } })).toBe(0);

    const held = await hold(commander, incident.id, service.id, "Application", "shop");
    expect(held.ok, JSON.stringify(held)).toBe(true);
    if (!held.ok) return;
    expect(await release(viewer, held.data.holdId)).toMatchObject({ ok: false, code: "forbidden" });
    expect((await specOf("application", "shop")).syncPolicy.automated).toBeUndefined();
    expect((await release(commander, held.data.holdId)).ok).toBe(true);
  });
});
