/**
 * The change-cause setting on the real control plane, for each kind the undo rolls back: twin
 * objects with the same history (one per namespace, same name), our undo on one and the real
 * `kubectl rollout undo` on the other. Off, the objects are identical (no annotation); on, ours
 * carries kubernetes.io/change-cause with who and which incident and is otherwise identical, and the
 * Deployment's `kubectl rollout history` shows it. An annotation the apiserver refuses (a
 * ValidatingAdmissionPolicy here) is a failed step of a rollback that still succeeded.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubectl, kubectlRaw } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deleteNamespace, getJson, recorder, strategyContext } from "@/test/k8s/helpers";
import { kubeClients } from "@/lib/k8s/clients";
import type { WorkloadKind } from "@/lib/k8s/workloads";
import type { StrategyContext } from "@/lib/rollback/strategy";
import { CHANGE_CAUSE } from "./change-cause";
import { deploymentUndo } from "./strategy";
import { revisionedManifest, waitSynced } from "./revision-undo.fixtures";

const kubeconfig = inject("kubeconfig");
const admin = { kube: kubeClients(undefined, kubeconfig) };
const incident = { id: "inc-cause-1", actor: { id: "u-cam", name: "Cam Commander" } };
let ours: string;
let theirs: string;
let denying: string;
const POLICY = `rcc-test-deny-change-cause-${process.pid}`;
beforeAll(async () => {
  [ours, theirs, denying] = await Promise.all([
    createNamespace(kubeconfig, "rcc-cause-ours"),
    createNamespace(kubeconfig, "rcc-cause-kubectl"),
    createNamespace(kubeconfig, "rcc-cause-deny"),
  ]);
});
afterAll(async () => {
  await kubectlRaw(kubeconfig, ["delete", "validatingadmissionpolicybinding,validatingadmissionpolicy", POLICY]);
  await Promise.all([ours, theirs, denying].map((ns) => deleteNamespace(kubeconfig, ns)));
});

const KINDS: WorkloadKind[] = ["Deployment", "StatefulSet", "DaemonSet"];
const ref = (kind: WorkloadKind, name: string) => `${kind.toLowerCase()}/${name}`;

function manifest(kind: WorkloadKind, name: string, image: string) {
  if (kind !== "Deployment") return revisionedManifest(kind, name, { image });
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image }] } },
    },
  };
}

type Obj = { spec: unknown; metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } };

/** Until the kind's controller has seen the latest spec; the object as it then is. */
async function settled(kind: WorkloadKind, ns: string, name: string): Promise<Obj> {
  if (kind !== "Deployment") return waitSynced(admin, kind, ns, name);
  const end = Date.now() + 30_000;
  for (;;) {
    const d = await getJson(kubeconfig, ns, "deployment", name);
    const revision = d.metadata.annotations?.["deployment.kubernetes.io/revision"];
    if ((d.status?.observedGeneration ?? 0) >= d.metadata.generation && revision) return d;
    if (Date.now() > end) throw new Error(`deployment ${ns}/${name} not observed in 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** v1 then v2, each seen by the controller, in each namespace. */
async function twoRevisions(kind: WorkloadKind, name: string, namespaces: string[]) {
  for (const image of [IMG("v1"), IMG("v2")]) {
    for (const ns of namespaces) {
      await apply(kubeconfig, ns, manifest(kind, name, image));
      await settled(kind, ns, name);
    }
  }
}

async function ourUndo(kind: WorkloadKind, ns: string, name: string, over: Partial<StrategyContext>) {
  const ctx = strategyContext(kubeconfig, ns, { incident, ...over });
  const params = { deployment: name, kind: kind === "Deployment" ? undefined : kind, toRevision: 0 };
  const plan = await deploymentUndo.plan(ctx, deploymentUndo.parseParams(params));
  const rec = recorder();
  const res = await deploymentUndo.execute(ctx, plan, rec.report);
  const checks = await deploymentUndo.verify(ctx, plan);
  return { plan, res, steps: rec.steps, checks, after: await settled(kind, ns, name) };
}

async function kubectlUndo(kind: WorkloadKind, name: string): Promise<Obj> {
  await kubectl(kubeconfig, ["-n", theirs, "rollout", "undo", ref(kind, name)]);
  return settled(kind, theirs, name);
}

// last-applied-configuration records the namespace, the one legitimate difference between the twins.
const comparable = (o: Obj, ns: string, drop: string[] = []) => {
  const annotations = Object.fromEntries(
    Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !drop.includes(k)),
  );
  return JSON.parse(JSON.stringify({ spec: o.spec, annotations, labels: o.metadata.labels }).replaceAll(ns, "NS"));
};

const causeSteps = (steps: { step: string; state: string }[]) =>
  steps.filter((s) => s.step === "change-cause").map((s) => s.state);

describe("change-cause setting", () => {
  for (const kind of KINDS) {
    it(`${kind}: off, the object equals kubectl rollout undo's and has no change-cause`, async () => {
      const name = `off-${kind.toLowerCase()}`;
      await twoRevisions(kind, name, [ours, theirs]);
      const mine = await ourUndo(kind, ours, name, { workloadUndo: { changeCause: false } });
      const reference = await kubectlUndo(kind, name);
      expect(mine.res.outcome).toBe("succeeded");
      expect(mine.plan.data.changeCause).toBeUndefined();
      expect(mine.plan.diff.map((d) => d.path)).not.toContain(`annotation ${CHANGE_CAUSE}`);
      expect(causeSteps(mine.steps)).toEqual([]);
      expect(mine.after.metadata.annotations?.[CHANGE_CAUSE]).toBeUndefined();
      expect(comparable(mine.after, ours)).toEqual(comparable(reference, theirs));
    });

    it(`${kind}: on, it is annotated with who and which incident, and is otherwise kubectl's`, async () => {
      const name = `on-${kind.toLowerCase()}`;
      await twoRevisions(kind, name, [ours, theirs]);
      const mine = await ourUndo(kind, ours, name, { workloadUndo: { changeCause: true } });
      const reference = await kubectlUndo(kind, name);
      const text = `rollback by Cam Commander for incident inc-cause-1: kubectl rollout undo ${ref(kind, name)} to revision 1`;
      // The preview says what will be written; previews write nothing (the object had no annotation after plan).
      expect(mine.plan.diff).toContainEqual({ path: `annotation ${CHANGE_CAUSE}`, before: null, after: text });
      expect(mine.plan.summary).toContain(`Then annotates ${CHANGE_CAUSE}`);
      expect(mine.res.outcome).toBe("succeeded");
      expect(causeSteps(mine.steps)).toEqual(["running", "succeeded"]);
      expect(mine.checks.filter((c) => !c.ok)).toEqual([]);
      expect(mine.after.metadata.annotations?.[CHANGE_CAUSE]).toBe(text);
      expect(comparable(mine.after, ours, [CHANGE_CAUSE])).toEqual(comparable(reference, theirs));
      if (kind === "Deployment") {
        // The controller copies the Deployment's annotations to the revision's ReplicaSet, whose
        // change-cause is what `kubectl rollout history` prints.
        const end = Date.now() + 30_000;
        let history = "";
        while (!history.includes(text) && Date.now() < end) {
          history = await kubectl(kubeconfig, ["-n", ours, "rollout", "history", ref(kind, name)]);
          if (!history.includes(text)) await new Promise((r) => setTimeout(r, 200));
        }
        expect(history).toContain(text);
      }
    });
  }

  it("an annotation the apiserver refuses is a failed step of a rollback that succeeded", async () => {
    await apply(kubeconfig, denying, {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name: POLICY },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: {
          resourceRules: [
            { apiGroups: ["apps"], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["deployments"] },
          ],
        },
        validations: [
          {
            expression: `!has(object.metadata.annotations) || !('${CHANGE_CAUSE}' in object.metadata.annotations)`,
            message: "this namespace takes no change-cause annotations",
          },
        ],
      },
    });
    await apply(kubeconfig, denying, {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: POLICY },
      spec: {
        policyName: POLICY,
        validationActions: ["Deny"],
        matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": denying } } },
      },
    });
    const name = "denied";
    await twoRevisions("Deployment", name, [denying]);
    // The policy is in force once a server-side dry run of the same annotation is refused.
    const end = Date.now() + 30_000;
    for (;;) {
      const probe = await kubectlRaw(kubeconfig, [
        "-n",
        denying,
        "annotate",
        "--dry-run=server",
        `deployment/${name}`,
        `${CHANGE_CAUSE}=probe`,
      ]);
      if (probe.code !== 0 && probe.stderr.includes("no change-cause")) break;
      if (Date.now() > end) throw new Error(`the admission policy was not in force in 30 s: ${probe.stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const mine = await ourUndo("Deployment", denying, name, { workloadUndo: { changeCause: true } });
    expect(mine.res.outcome).toBe("succeeded");
    expect(causeSteps(mine.steps)).toEqual(["running", "failed"]);
    const failed = mine.steps.find((s) => s.step === "change-cause" && s.state === "failed")!;
    expect(failed.detail).toMatch(/^the rollback succeeded, but annotating kubernetes\.io\/change-cause failed: /);
    expect(failed.detail).toContain("this namespace takes no change-cause annotations");
    expect(mine.checks.filter((c) => !c.ok)).toEqual([]);
    expect(mine.after.metadata.annotations?.[CHANGE_CAUSE]).toBeUndefined();
    expect(
      (mine.after.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]
        .image,
    ).toBe(IMG("v1"));
  });
});
