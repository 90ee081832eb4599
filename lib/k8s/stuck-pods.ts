/**
 * StatefulSet pods a rollback cannot reach by itself. With the default OrderedReady pod
 * management, the StatefulSet controller makes no progress while any of its pods is not Running
 * and Ready, and a rolling update only replaces pods one at a time after the one before is
 * healthy: a pod broken by the bad revision (crash-looping, unschedulable) therefore stays on that
 * revision after the template is put back, and the rollout waits forever. kubernetes#67250; the
 * documented way out is to delete the broken pod so the controller recreates it from the restored
 * revision. This module only finds such pods and deletes the ones it is told to, each with
 * preconditions (the exact pod that was shown, unchanged since): never silently, and never as part
 * of a rollback (lib/rollback/stuck-pods.ts asks the commander first).
 * @see https://github.com/kubernetes/kubernetes/issues/67250
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#forced-rollback
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/statefulset/stateful_set_control.go
 */
import type { V1Pod } from "@kubernetes/client-node";
import { k8s, type CallContext } from "./call";
import { labelSelectorToString } from "./label-selector";
import type { StatefulSet } from "./types";

/** The label the StatefulSet controller puts on each pod: the ControllerRevision it was made from. */
export const CONTROLLER_REVISION_HASH = "controller-revision-hash";

export interface StuckPod {
  name: string;
  uid: string;
  resourceVersion: string;
  /** The ControllerRevision the pod runs (its controller-revision-hash label). */
  revision: string;
  /** Why it is not healthy, in the cluster's words: a container's waiting reason, or the pod's condition. */
  reason: string;
}

export interface StuckPodsFinding {
  /** The revision the StatefulSet wants (status.updateRevision). */
  updateRevision: string;
  pods: StuckPod[];
}

/** podutil.IsPodReady plus Running: the controller's isRunningAndReady. */
function runningAndReady(p: V1Pod): boolean {
  return (
    p.status?.phase === "Running" && (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")
  );
}

function reasonOf(p: V1Pod): string {
  for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    const w = s.state?.waiting;
    if (w?.reason) return `container ${s.name}: ${w.reason}${w.message ? ` (${w.message})` : ""}`;
    const t = s.state?.terminated;
    if (t?.reason && t.reason !== "Completed") return `container ${s.name}: ${t.reason}`;
  }
  const failing = (p.status?.conditions ?? []).find((c) => c.status !== "True" && (c.reason || c.message));
  if (failing) return `${failing.type} ${failing.reason ?? ""}${failing.message ? `: ${failing.message}` : ""}`.trim();
  return `phase ${p.status?.phase ?? "unknown"}, not ready`;
}

/**
 * The pods that block an OrderedReady rolling update: controlled by the StatefulSet, not being
 * deleted, on a revision other than the one it now wants, and not Running and Ready. Parallel pod
 * management, the OnDelete strategy and a StatefulSet at its wanted revision report none.
 */
export function findStuckPods(sts: StatefulSet, pods: V1Pod[]): StuckPodsFinding | null {
  const policy = sts.spec.podManagementPolicy ?? "OrderedReady";
  const strategy = sts.spec.updateStrategy?.type ?? "RollingUpdate";
  const updateRevision = sts.status?.updateRevision;
  if (policy !== "OrderedReady" || strategy !== "RollingUpdate" || !updateRevision) return null;
  const stuck = pods
    .filter((p) => (p.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === sts.metadata.uid))
    .filter((p) => !p.metadata?.deletionTimestamp)
    .filter((p) => {
      const revision = p.metadata?.labels?.[CONTROLLER_REVISION_HASH];
      return revision !== undefined && revision !== updateRevision && !runningAndReady(p);
    })
    .map((p) => ({
      name: p.metadata!.name!,
      uid: p.metadata!.uid!,
      resourceVersion: p.metadata!.resourceVersion!,
      revision: p.metadata!.labels![CONTROLLER_REVISION_HASH]!,
      reason: reasonOf(p),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  return stuck.length ? { updateRevision, pods: stuck } : null;
}

export async function listStatefulSetPods(ctx: CallContext, sts: StatefulSet): Promise<V1Pod[]> {
  const namespace = sts.metadata.namespace!;
  const list = await k8s(ctx, `list Pods of StatefulSet "${namespace}/${sts.metadata.name}"`, () =>
    ctx.kube.core.listNamespacedPod({ namespace, labelSelector: labelSelectorToString(sts.spec.selector) }),
  );
  return list.items;
}

/**
 * Deletes exactly the pod that was shown: preconditions on its uid and resourceVersion make the
 * apiserver refuse (409) if it was replaced or changed since (e.g. it became Ready meanwhile).
 */
export async function deletePodExactly(
  ctx: CallContext,
  namespace: string,
  pod: Pick<StuckPod, "name" | "uid" | "resourceVersion">,
): Promise<void> {
  await k8s(ctx, `delete Pod "${namespace}/${pod.name}"`, () =>
    ctx.kube.core.deleteNamespacedPod({
      namespace,
      name: pod.name,
      body: { preconditions: { uid: pod.uid, resourceVersion: pod.resourceVersion } },
    }),
  );
}
