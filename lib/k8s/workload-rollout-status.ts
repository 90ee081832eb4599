/** kubectl's StatusViewer for each workload kind, and the wait on any of them. */
import type { CallContext } from "./call";
import { daemonSetProgress, evaluateDaemonSetRollout } from "./daemonset-rollout-status";
import { deploymentStatusViewer, waitForStatus, type StatusViewer, type WaitOptions } from "./rollout-status";
import { evaluateStatefulSetRollout, statefulSetProgress } from "./statefulset-rollout-status";
import type { DaemonSet, StatefulSet } from "./types";
import { WORKLOAD_KINDS, getRevisionedWorkload, type WorkloadKind } from "./workloads";

const statefulSetViewer: StatusViewer<StatefulSet> = {
  plural: WORKLOAD_KINDS.StatefulSet.plural,
  get: (ctx, ns, name) => getRevisionedWorkload(ctx, "StatefulSet", ns, name) as Promise<StatefulSet>,
  evaluate: evaluateStatefulSetRollout,
  progress: statefulSetProgress,
};

const daemonSetViewer: StatusViewer<DaemonSet> = {
  plural: WORKLOAD_KINDS.DaemonSet.plural,
  get: (ctx, ns, name) => getRevisionedWorkload(ctx, "DaemonSet", ns, name) as Promise<DaemonSet>,
  evaluate: evaluateDaemonSetRollout,
  progress: daemonSetProgress,
};

// Each viewer reads and judges its own kind; the loop only passes the object between them.
export const STATUS_VIEWERS: { [K in WorkloadKind]: StatusViewer<never> } = {
  Deployment: deploymentStatusViewer as StatusViewer<never>,
  StatefulSet: statefulSetViewer as StatusViewer<never>,
  DaemonSet: daemonSetViewer as StatusViewer<never>,
};

export function waitForWorkloadRollout(
  ctx: CallContext,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  opts: WaitOptions,
) {
  return waitForStatus(ctx, STATUS_VIEWERS[kind], namespace, name, opts);
}

/** One read and kubectl's verdict, for verify(). */
export async function readRolloutStatus(ctx: CallContext, kind: WorkloadKind, namespace: string, name: string) {
  const viewer = STATUS_VIEWERS[kind];
  return viewer.evaluate(await viewer.get(ctx, namespace, name));
}
