// The steps of every undo kind, in one place: "patch" (skipped when the plan found nothing to do or
// the re-check did), then "rollout" until kubectl's rollout status says done. Each kind supplies how
// it patches and how it waits (a Deployment's JSON patch, a ControllerRevision's strategic merge patch).
import { operatorMessageOf } from "@/lib/errors";
import type { RolloutProgress } from "@/lib/k8s/rollout-status";
import type { ExecResult, Reporter } from "@/lib/rollback/strategy";
import type { DeploymentUndoPlan } from "./strategy";

export interface UndoSteps {
  /** e.g. `deployment "web"`, for the result's message. */
  subject: string;
  /** What the patch step says while it runs. */
  patchDetail: string;
  /** Sends the patch (or decides there is nothing to send); `note` reports a retry on the patch step. */
  patch(note: (detail: string) => Promise<void>): Promise<{ skipped?: string; generation?: number }>;
  /** Waits for the rollout; `unsupported` (OnDelete) ends the step as skipped instead of waiting. */
  waitForRollout(
    onProgress: (progress: RolloutProgress, detail: string) => void | Promise<void>,
  ): Promise<{ message: string; progress?: RolloutProgress; elapsedMs: number; unsupported?: boolean }>;
}

export async function patchThenRollout(p: DeploymentUndoPlan, report: Reporter, steps: UndoSteps): Promise<ExecResult> {
  if (p.noop) {
    await report({ step: "patch", state: "skipped", detail: p.noop });
    return { outcome: "skipped", message: p.noop };
  }
  await report({ step: "patch", state: "running", detail: steps.patchDetail });
  let patched: { skipped?: string; generation?: number };
  try {
    patched = await steps.patch((detail) => Promise.resolve(report({ step: "patch", state: "running", detail })));
  } catch (e) {
    await report({ step: "patch", state: "failed", detail: operatorMessageOf(e) });
    throw e;
  }
  const patchAcceptedAt = new Date().toISOString();
  await report({
    step: "patch",
    state: patched.skipped ? "skipped" : "succeeded",
    detail: patched.skipped ?? `rolled back (generation ${patched.generation})`,
    data: { acceptedAt: patchAcceptedAt }, // when the apiserver answered (the record lands after)
  });

  await report({ step: "rollout", state: "running", detail: "waiting for the rollout to complete" });
  try {
    const res = await steps.waitForRollout((progress, detail) =>
      report({ step: "rollout", state: "running", detail, progress }),
    );
    // OnDelete: nothing rolls until pods are deleted, and kubectl refuses to wait; say so, do not hang.
    const state = res.unsupported ? "skipped" : "succeeded";
    await report({ step: "rollout", state, detail: res.message, progress: res.progress });
    return {
      outcome: "succeeded",
      message: `${steps.subject} rolled back to revision ${p.data.toRevision}; ${res.message}`,
      data: { patchAcceptedAt, completedAt: new Date().toISOString(), rolloutMs: res.elapsedMs },
    };
  } catch (e) {
    await report({ step: "rollout", state: "failed", detail: operatorMessageOf(e) });
    throw e;
  }
}
