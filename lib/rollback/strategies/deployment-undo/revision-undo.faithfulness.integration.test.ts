/**
 * Faithfulness for StatefulSets and DaemonSets: for each starting state, twin objects with the same
 * history (one per namespace, same name); our undo on one, the real `kubectl rollout undo` on the
 * other; the resulting spec (template included), labels, annotations, ControllerRevision history
 * (names and revision numbers) and the printed message must be identical. The statefulset and
 * daemonset controllers of the test control plane write the ControllerRevisions; kwok's fake
 * kubelets make the pods Ready on its fake nodes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubectl, kubectlRaw } from "@/test/cluster/kubectl";
import { IMG, apply, createNamespace, deleteNamespace, getJson, recorder, strategyContext } from "@/test/k8s/helpers";
import type { ControllerRevision } from "@/lib/k8s/types";
import { WORKLOAD_KINDS, type RevisionedKind } from "@/lib/k8s/workloads";
import { deploymentUndo } from "@/lib/rollback/strategies/deployment-undo/strategy";
import { kubeClients } from "@/lib/k8s/clients";
import { revisionedManifest, waitSynced as waitFor } from "./revision-undo.fixtures";

const kubeconfig = inject("kubeconfig");
const admin = { kube: kubeClients(undefined, kubeconfig) };
const waitSynced = (kind: RevisionedKind, ns: string, name: string) => waitFor(admin, kind, ns, name);
let ours: string;
let theirs: string;
beforeAll(async () => {
  [ours, theirs] = await Promise.all([
    createNamespace(kubeconfig, "rcc-rev-ours"),
    createNamespace(kubeconfig, "rcc-rev-kubectl"),
  ]);
});
afterAll(() => Promise.all([deleteNamespace(kubeconfig, ours), deleteNamespace(kubeconfig, theirs)]));

type Step = (kind: RevisionedKind, ns: string, name: string) => Promise<unknown>;
const k =
  (...args: string[]): Step =>
  (kind, ns, name) =>
    kubectl(kubeconfig, ["-n", ns, ...args.map((a) => a.replaceAll("OBJ", `${kind.toLowerCase()}/${name}`))]);
const ap =
  (o: Parameters<typeof revisionedManifest>[2]): Step =>
  (kind, ns, name) =>
    apply(kubeconfig, ns, revisionedManifest(kind, name, o));

interface Scenario {
  title: string;
  history: Step[];
  toRevision: number;
}

const scenarios: Scenario[] = [
  {
    title: "three revisions, back to the previous",
    history: [
      ap({ image: IMG("v1") }),
      k("set", "image", "OBJ", `app=${IMG("v2")}`),
      k("set", "image", "OBJ", `app=${IMG("v3")}`),
    ],
    toRevision: 0,
  },
  {
    title: "three revisions, --to-revision=1",
    history: [ap({ image: IMG("v1") }), ap({ image: IMG("v2") }), ap({ image: IMG("v3"), podNote: "three" })],
    toRevision: 1,
  },
  {
    title: "multi-container template with an init container and env, --to-revision=1",
    history: [
      ap({ image: IMG("v1"), sidecar: IMG("side-1"), env: "a" }),
      k("set", "image", "OBJ", `sidecar=${IMG("side-2")}`),
      k("set", "env", "OBJ", "-c", "app", "MODE=b", "EXTRA=1"),
      k("set", "image", "OBJ", `app=${IMG("v2")}`, `init=${IMG("init-2")}`),
    ],
    toRevision: 1,
  },
  {
    title: "after an undo of an undo (the history renumbered twice), back to the previous",
    history: [
      ap({ image: IMG("v1") }),
      k("set", "image", "OBJ", `app=${IMG("v2")}`),
      k("rollout", "undo", "OBJ"),
      k("rollout", "undo", "OBJ"),
    ],
    toRevision: 0,
  },
];

async function prepare(kind: RevisionedKind, name: string, history: Step[]) {
  for (const step of history) {
    for (const ns of [ours, theirs]) {
      await step(kind, ns, name);
      await waitSynced(kind, ns, name);
    }
  }
}

async function kubectlUndo(kind: RevisionedKind, name: string, toRevision: number): Promise<string> {
  const r = await kubectlRaw(kubeconfig, [
    "-n",
    theirs,
    "rollout",
    "undo",
    `${kind.toLowerCase()}/${name}`,
    ...(toRevision ? [`--to-revision=${toRevision}`] : []),
  ]);
  return r.code === 0 ? r.stdout.trim() : r.stderr.trim();
}

async function ourUndo(kind: RevisionedKind, name: string, toRevision: number): Promise<string> {
  const ctx = strategyContext(kubeconfig, ours);
  try {
    const plan = await deploymentUndo.plan(ctx, { deployment: name, kind, toRevision });
    const res = await deploymentUndo.execute(ctx, plan, recorder().report);
    // kubectl's printer: "<resource>/<name> <message>"
    return `${WORKLOAD_KINDS[kind].resource}/${name} ${res.outcome === "skipped" ? res.message : "rolled back"}`;
  } catch (e) {
    return `error: ${(e as { userMessage?: string }).userMessage ?? String(e)}`;
  }
}

/** What must match between the twins: the object's spec and metadata, and its revision history. */
async function observed(kind: RevisionedKind, ns: string, name: string) {
  const obj = await waitSynced(kind, ns, name);
  const uid = obj.metadata.uid;
  const revisions = (await getJson<{ items: ControllerRevision[] }>(kubeconfig, ns, "controllerrevisions")).items
    .filter((c) => c.metadata.ownerReferences?.some((o) => o.uid === uid && o.controller))
    .map((c) => ({ name: c.metadata.name, revision: c.revision, data: c.data }))
    .sort((a, b) => a.revision - b.revision);
  const comparable = { spec: obj.spec, labels: obj.metadata.labels, annotations: obj.metadata.annotations, revisions };
  // last-applied-configuration records the namespace, the one legitimate difference between the twins.
  return JSON.parse(JSON.stringify(comparable).replaceAll(ns, "NS"));
}

const twinsAgree = async (kind: RevisionedKind, name: string) => {
  const [a, b] = await Promise.all([observed(kind, ours, name), observed(kind, theirs, name)]);
  expect(a).toEqual(b);
  return a;
};

describe.each(["StatefulSet", "DaemonSet"] as const)("our %s undo equals kubectl rollout undo", (kind) => {
  const slug = (s: string) => `${kind === "StatefulSet" ? "sts" : "ds"}-${s}`;

  scenarios.forEach((s, i) => {
    it(s.title, async () => {
      const name = slug(`faithful-${i}`);
      await prepare(kind, name, s.history);
      const before = await twinsAgree(kind, name); // identical starting states
      const [mine, reference] = [await ourUndo(kind, name, s.toRevision), await kubectlUndo(kind, name, s.toRevision)];
      expect(mine).toBe(reference);
      const after = await twinsAgree(kind, name);
      expect(after.spec.template).not.toEqual(before.spec.template);
    });
  });

  it("already at the named revision: skipped, and the object is left as kubectl leaves it", async () => {
    const name = slug("at-target");
    await prepare(kind, name, [ap({ image: IMG("v1") }), k("set", "image", "OBJ", `app=${IMG("v2")}`)]);
    const before = await twinsAgree(kind, name);
    const mine = await ourUndo(kind, name, 2);
    const reference = await kubectlUndo(kind, name, 2);
    const skipped = `${WORKLOAD_KINDS[kind].resource}/${name} skipped rollback (current template already matches revision 2)`;
    expect(mine).toBe(skipped);
    // kubectl compares the bytes of its own encoding with the controller's: a kubectl older than the
    // server encodes differently (KUBERNETES.md), finds no match and patches the identical template.
    expect([skipped, `${WORKLOAD_KINDS[kind].resource}/${name} rolled back`]).toContain(reference);
    const after = await twinsAgree(kind, name);
    expect(after).toEqual(before);
  });

  it("fails with kubectl's exact words: no history, unknown revision", async () => {
    const name = slug("errors");
    await prepare(kind, name, [ap({ image: IMG("v1") })]);
    const noHistory = await kubectlUndo(kind, name, 0);
    expect(noHistory).toBe("error: no last revision to roll back to");
    expect(await ourUndo(kind, name, 0)).toBe(noHistory);
    const unknown = await kubectlUndo(kind, name, 7);
    expect(unknown).toBe("error: unable to find specified revision 7 in history");
    expect(await ourUndo(kind, name, 7)).toBe(unknown);
    await prepare(kind, name, [k("set", "image", "OBJ", `app=${IMG("v2")}`)]);
    expect(await ourUndo(kind, name, 3)).toBe(await kubectlUndo(kind, name, 3));
    await twinsAgree(kind, name);
  });
});
