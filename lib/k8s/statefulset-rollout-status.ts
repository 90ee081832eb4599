/**
 * `kubectl rollout status statefulset/NAME`: kubectl's StatefulSetStatusViewer, line for line
 * (kubectl's trailing newlines dropped).
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go
 */
import type { RolloutEvaluation, RolloutProgress } from "./rollout-status";
import type { StatefulSet } from "./types";

export const ROLLING_UPDATE_ONLY_MESSAGE = "rollout status is only available for RollingUpdate strategy type";

export function evaluateStatefulSetRollout(sts: StatefulSet): RolloutEvaluation {
  const s = sts.status ?? {};
  const strategy = sts.spec.updateStrategy;
  // An OnDelete StatefulSet replaces a pod only when someone deletes it: kubectl will not wait.
  if (strategy?.type !== "RollingUpdate")
    return { done: true, unsupported: true, message: ROLLING_UPDATE_ONLY_MESSAGE };
  const observed = s.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata.generation ?? 0) > observed) {
    return { done: false, message: "Waiting for statefulset spec update to be observed..." };
  }
  const replicas = sts.spec.replicas;
  const [ready, updated] = [s.readyReplicas ?? 0, s.updatedReplicas ?? 0];
  if (replicas !== undefined && ready < replicas) {
    return { done: false, message: `Waiting for ${replicas - ready} pods to be ready...` };
  }
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return {
        done: false,
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`,
      };
    }
    return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  if (s.updateRevision !== s.currentRevision) {
    return {
      done: false,
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${s.updateRevision ?? ""}...`,
    };
  }
  return {
    done: true,
    message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision ?? ""}...`,
  };
}

export function statefulSetProgress(sts: StatefulSet): RolloutProgress {
  const s = sts.status ?? {};
  return {
    desired: sts.spec.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
  };
}
