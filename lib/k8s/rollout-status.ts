/**
 * Waiting for a rollout the way `kubectl rollout status` decides it is done, with progress
 * callbacks for the live progress bar. A watch wakes us on every change; a GET every `pollMs`
 * covers a dropped watch, so a flaky connection slows progress but never hangs it. The loop is
 * kind-independent (`waitForStatus`); each kind brings its StatusViewer (Deployment here,
 * StatefulSet and DaemonSet in their own files, all in ./workload-rollout-status.ts).
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go
 */
import { Watch } from "@kubernetes/client-node";
import { AppError } from "@/lib/errors";
import { abortReason } from "./abort";
import type { CallContext } from "./call";
import { getDeployment } from "./deployments";
import type { Deployment } from "./types";

export interface RolloutProgress {
  desired: number;
  updated: number;
  ready: number;
  available: number;
}

export interface RolloutEvaluation {
  done: boolean;
  /** kubectl's own line, e.g. `Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...` */
  message: string;
  /** Set when the rollout can no longer succeed (progress deadline exceeded). */
  failure?: string;
  /**
   * kubectl cannot follow this rollout (an OnDelete update strategy): `done` is true and `message`
   * is kubectl's error, e.g. `rollout status is only available for RollingUpdate strategy type`.
   */
  unsupported?: boolean;
}

/** What the wait loop needs to know about one kind: kubectl's StatusViewer plus how to read it. */
export interface StatusViewer<T> {
  /** The plural of its apps/v1 resource, for the watch. */
  plural: string;
  get(ctx: CallContext, namespace: string, name: string): Promise<T>;
  evaluate(obj: T): RolloutEvaluation;
  progress(obj: T): RolloutProgress;
}

/** kubectl's DeploymentStatusViewer.Status, line for line. */
export function evaluateRollout(d: Deployment): RolloutEvaluation {
  const name = d.metadata.name;
  const s = d.status ?? {};
  const [updated, replicas, available] = [s.updatedReplicas ?? 0, s.replicas ?? 0, s.availableReplicas ?? 0];
  if ((d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0)) {
    const progressing = s.conditions?.find((c) => c.type === "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") {
      const failure = `deployment "${name}" exceeded its progress deadline`;
      return {
        done: false,
        message: failure,
        failure: progressing.message ? `${failure}: ${progressing.message}` : failure,
      };
    }
    const desired = d.spec.replicas;
    if (desired !== undefined && updated < desired) {
      return {
        done: false,
        message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
      };
    }
    if (replicas > updated) {
      return {
        done: false,
        message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`,
      };
    }
    if (available < updated) {
      return {
        done: false,
        message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
      };
    }
    return { done: true, message: `deployment "${name}" successfully rolled out` };
  }
  return { done: false, message: "Waiting for deployment spec update to be observed..." };
}

export function rolloutProgress(d: Deployment): RolloutProgress {
  const s = d.status ?? {};
  return {
    desired: d.spec.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
  };
}

export interface WaitOptions {
  timeoutMs: number;
  onProgress?: (p: RolloutProgress, message: string) => void | Promise<void>;
  /** Re-read interval when no watch event arrives. Default 500 ms. */
  pollMs?: number;
  /** Use a watch for prompt wake-ups. Default true. */
  watch?: boolean;
}

export interface WaitResult {
  message: string;
  progress: RolloutProgress;
  elapsedMs: number;
  /** kubectl would not follow this rollout (see RolloutEvaluation.unsupported). */
  unsupported?: boolean;
}

export const deploymentStatusViewer: StatusViewer<Deployment> = {
  plural: "deployments",
  get: getDeployment,
  evaluate: evaluateRollout,
  progress: rolloutProgress,
};

export function waitForRollout(ctx: CallContext, namespace: string, name: string, opts: WaitOptions) {
  return waitForStatus(ctx, deploymentStatusViewer, namespace, name, opts);
}

export async function waitForStatus<T>(
  ctx: CallContext,
  viewer: StatusViewer<T>,
  namespace: string,
  name: string,
  opts: WaitOptions,
): Promise<WaitResult> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const pollMs = opts.pollMs ?? 500;
  let pushed: T | undefined;
  let wake: (() => void) | undefined;
  let watch: AbortController | undefined;
  let stopped = false;

  if (opts.watch !== false) {
    new Watch(ctx.kube.kc)
      .watch(
        `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${viewer.plural}`,
        { fieldSelector: `metadata.name=${name}` },
        (type, obj) => {
          if (type === "ADDED" || type === "MODIFIED") {
            pushed = obj as T;
            wake?.();
          }
        },
        () => {}, // a closed watch just leaves the polling in charge
      )
      .then((c) => (stopped ? c.abort() : (watch = c)))
      .catch(() => {});
  }

  let lastKey = "";
  let last: RolloutEvaluation = { done: false, message: "Waiting for the spec update to be observed..." };
  try {
    for (;;) {
      if (ctx.signal?.aborted) throw abortReason(ctx.signal);
      const d = pushed ?? (await viewer.get(ctx, namespace, name));
      pushed = undefined;
      last = viewer.evaluate(d);
      const progress = viewer.progress(d);
      const key = JSON.stringify(progress) + last.message;
      if (key !== lastKey) {
        lastKey = key;
        await opts.onProgress?.(progress, last.message);
      }
      if (last.failure) throw new AppError("failed", last.failure);
      if (last.done) {
        const result = { message: last.message, progress, elapsedMs: Date.now() - started };
        return last.unsupported ? { ...result, unsupported: true } : result;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new AppError(
          "timeout",
          `timed out after ${formatDuration(opts.timeoutMs)} waiting for the rollout of "${namespace}/${name}": ${last.message}`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(pollMs, left));
        function done() {
          clearTimeout(t);
          wake = undefined;
          ctx.signal?.removeEventListener("abort", done);
          resolve();
        }
        wake = done;
        ctx.signal?.addEventListener("abort", done, { once: true });
        if (pushed) done();
      });
    }
  } finally {
    stopped = true;
    watch?.abort();
  }
}

/** `900 ms`, `45s`, `5m0s` (kubectl's style for minutes). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}
