/**
 * The "Hold GitOps sync" step a plan offers when what it changes is managed by an Argo CD
 * Application with automated sync on, or a Flux object that is not suspended, and the service's
 * `gitops.holdable` lists that object (lib/gitops/plan-notes.ts builds it, the runner runs it before
 * the strategy acts: lib/gitops/hold-step.ts). Browser-safe: types and plain functions, read by the
 * planner and the plan preview.
 */
import { RECONCILER_APIS, type ReconcilerRef } from "./settings";

export interface PlannedHold {
  ref: ReconcilerRef;
  /** The plan's objects it manages, e.g. `StatefulSet db`. */
  objects: string[];
  /** What the hold will do, in plain words (the preview and the step say it). */
  action: string;
  /**
   * The reconciler object as planned: the step refuses, changing nothing, when it was re-created or
   * its spec changed since. The spec is kept as one sha256 per top-level field, never as such (an
   * Application's inline Helm values may hold secrets, and plans are shown).
   */
  uid: string;
  resourceVersion: string;
  specDigest: Record<string, string>;
  /** Offered on; false when the commander unticked it when confirming (start's `skipGitopsHolds`). */
  enabled: boolean;
}

/** One key per reconciler object (a plan offers each once). */
export const holdKey = (r: ReconcilerRef) => `${r.kind}/${r.namespace}/${r.name}`;

/** The runner's step name for it (a stable identifier, one per reconciler object). */
export const holdStepName = (r: ReconcilerRef) => `gitops-hold ${r.kind} ${r.namespace}/${r.name}`;

/** "Hold GitOps sync: Argo CD Application argocd/shop", the checkbox's and the step's title. */
export const holdTitle = (r: ReconcilerRef) =>
  `Hold GitOps sync: ${RECONCILER_APIS[r.kind].tool} ${r.kind} ${r.namespace}/${r.name}`;
