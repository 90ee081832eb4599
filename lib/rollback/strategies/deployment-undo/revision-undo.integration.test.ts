/**
 * StatefulSet and DaemonSet undo through the strategy on the real control plane: the rollout wait
 * ends with the line `kubectl rollout status` prints for the same object (partitioned StatefulSets,
 * DaemonSets), an OnDelete update strategy is reported in kubectl's words instead of waited on,
 * verify() checks the result, and a change made after the plan never sends the object to another
 * revision than the one planned.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubectl, kubectlRaw } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deleteNamespace, recorder, strategyContext } from "@/test/k8s/helpers";
import { kubeClients } from "@/lib/k8s/clients";
import type { RevisionedKind } from "@/lib/k8s/workloads";
import { deploymentUndo } from "@/lib/rollback/strategies/deployment-undo/strategy";
import { revisionedManifest, waitSynced, type ManifestOptions } from "./revision-undo.fixtures";

const kubeconfig = inject("kubeconfig");
const admin = { kube: kubeClients(undefined, kubeconfig) };
let ns: string;
beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-rev-status");
});
afterAll(() => deleteNamespace(kubeconfig, ns));

const obj = (kind: RevisionedKind, name: string) => `${kind.toLowerCase()}/${name}`;

/** v1 then v2 (then v3…) of the workload, each seen by its controller. */
async function twoRevisions(kind: RevisionedKind, name: string, o: Omit<ManifestOptions, "image"> = {}, count = 2) {
  for (const image of ["v1", "v2", "v3"].slice(0, count).map(IMG)) {
    await apply(kubeconfig, ns, revisionedManifest(kind, name, { ...o, image }));
    await waitSynced(admin, kind, ns, name);
  }
}

async function kubectlStatus(kind: RevisionedKind, name: string): Promise<string> {
  const r = await kubectlRaw(kubeconfig, ["-n", ns, "rollout", "status", obj(kind, name), "--timeout=60s"]);
  return (r.code === 0 ? r.stdout : r.stderr).trim().split("\n").at(-1)!;
}

async function undo(kind: RevisionedKind, name: string) {
  const ctx = strategyContext(kubeconfig, ns);
  const plan = await deploymentUndo.plan(ctx, { deployment: name, kind, toRevision: 0 });
  // The plan's server-side dry run changed nothing.
  expect((await waitSynced(admin, kind, ns, name)).metadata.generation).toBe(plan.data.generation);
  const rec = recorder();
  const res = await deploymentUndo.execute(ctx, plan, rec.report);
  const rollout = rec.steps.filter((s) => s.step === "rollout").at(-1)!;
  return { plan, res, rollout, steps: rec.steps, verify: () => deploymentUndo.verify(ctx, plan) };
}

const image = async (kind: RevisionedKind, name: string) =>
  (
    await kubectl(kubeconfig, [
      "-n",
      ns,
      "get",
      obj(kind, name),
      "-o",
      "jsonpath={.spec.template.spec.containers[0].image}",
    ])
  ).trim();

describe("StatefulSet and DaemonSet undo: rollout status as kubectl reports it", () => {
  it("a partitioned StatefulSet: done once the pods above the partition are updated, with kubectl's line", async () => {
    const name = "sts-partitioned";
    // Three revisions, so no pod below the partition (still v1) counts as updated to the target (v2).
    await twoRevisions(
      "StatefulSet",
      name,
      { replicas: 3, updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } },
      3,
    );
    const { plan, res, rollout, verify } = await undo("StatefulSet", name);
    expect(plan.summary).toMatch(/from revision 3 .* to revision 2 /);
    expect(plan.dryRun?.ok).toBe(true);
    expect(rollout.state).toBe("succeeded");
    expect(rollout.detail).toBe("partitioned roll out complete: 2 new pods have been updated...");
    expect(rollout.detail).toBe(await kubectlStatus("StatefulSet", name));
    expect(res.message).toMatch(/^statefulset "sts-partitioned" rolled back to revision 2; partitioned roll out/);
    expect(await image("StatefulSet", name)).toBe(IMG("v2"));
    expect((await verify()).every((c) => c.ok)).toBe(true);
  });

  it("a DaemonSet on every fake node: done when every scheduled pod is updated and available", async () => {
    const name = "ds-rolling";
    await twoRevisions("DaemonSet", name);
    const { rollout, verify, steps } = await undo("DaemonSet", name);
    expect(rollout.state).toBe("succeeded");
    expect(rollout.detail).toBe('daemon set "ds-rolling" successfully rolled out');
    expect(rollout.detail).toBe(await kubectlStatus("DaemonSet", name));
    // Progress counted what kubectl counts: the pods the controller wants scheduled (one per node).
    expect(steps.find((s) => s.step === "rollout" && s.state === "succeeded")?.progress?.desired).toBeGreaterThan(0);
    expect(await image("DaemonSet", name)).toBe(IMG("v1"));
    expect((await verify()).every((c) => c.ok)).toBe(true);
  });

  it.each(["StatefulSet", "DaemonSet"] as const)(
    "an OnDelete %s: the template is put back, the rollout is reported in kubectl's words, not waited on",
    async (kind) => {
      const name = `${kind.toLowerCase()}-ondelete`;
      await twoRevisions(kind, name, { updateStrategy: { type: "OnDelete" } });
      const { plan, rollout, res, verify } = await undo(kind, name);
      expect(plan.warnings.join(" ")).toMatch(
        /OnDelete update strategy: .* no pod is replaced until someone deletes it/,
      );
      expect(rollout).toMatchObject({
        state: "skipped",
        detail: "rollout status is only available for RollingUpdate strategy type",
      });
      expect(await kubectlStatus(kind, name)).toBe(`error: ${rollout.detail}`);
      expect(res.outcome).toBe("succeeded");
      expect(await image(kind, name)).toBe(IMG("v1"));
      const checks = await verify();
      expect(checks.find((c) => c.name === "template is the planned revision")?.ok).toBe(true);
      expect(checks.find((c) => c.name === "rollout complete")?.ok).toBe(false);
    },
  );

  it("a change after the plan: the planned ControllerRevision is applied, never the new 'previous'", async () => {
    const name = "sts-moved";
    await twoRevisions("StatefulSet", name);
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await deploymentUndo.plan(ctx, { deployment: name, kind: "StatefulSet", toRevision: 0 });
    // Someone deploys v3 between the plan and the confirmation: "previous" would now be v2.
    await kubectl(kubeconfig, ["-n", ns, "set", "image", obj("StatefulSet", name), `app=${IMG("v3")}`]);
    await waitSynced(admin, "StatefulSet", ns, name);
    const rec = recorder();
    await deploymentUndo.execute(ctx, plan, rec.report);
    expect(rec.steps.map((s) => s.detail).join("\n")).toMatch(/changed after the plan \(generation 2 → 3\)/);
    expect(await image("StatefulSet", name)).toBe(IMG("v1"));
  });
});
