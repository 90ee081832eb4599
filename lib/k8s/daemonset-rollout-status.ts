/**
 * `kubectl rollout status daemonset/NAME`: kubectl's DaemonSetStatusViewer, line for line
 * (kubectl's trailing newlines dropped).
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go
 */
import type { RolloutEvaluation, RolloutProgress } from "./rollout-status";
import { ROLLING_UPDATE_ONLY_MESSAGE } from "./statefulset-rollout-status";
import type { DaemonSet } from "./types";

export function evaluateDaemonSetRollout(ds: DaemonSet): RolloutEvaluation {
  const name = ds.metadata.name;
  const s = ds.status ?? {};
  // kubectl names the StatefulSet constant here; both read "RollingUpdate".
  if (ds.spec.updateStrategy?.type !== "RollingUpdate") {
    return { done: true, unsupported: true, message: ROLLING_UPDATE_ONLY_MESSAGE };
  }
  if ((ds.metadata.generation ?? 0) <= (s.observedGeneration ?? 0)) {
    const [updated, desired, available] = [
      s.updatedNumberScheduled ?? 0,
      s.desiredNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
    ];
    if (updated < desired) {
      return {
        done: false,
        message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
      };
    }
    if (available < desired) {
      return {
        done: false,
        message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
      };
    }
    return { done: true, message: `daemon set "${name}" successfully rolled out` };
  }
  return { done: false, message: "Waiting for daemon set spec update to be observed..." };
}

export function daemonSetProgress(ds: DaemonSet): RolloutProgress {
  const s = ds.status ?? {};
  return {
    desired: s.desiredNumberScheduled ?? 0,
    updated: s.updatedNumberScheduled ?? 0,
    ready: s.numberReady ?? 0,
    available: s.numberAvailable ?? 0,
  };
}
