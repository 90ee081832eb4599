/**
 * The decision half of `kubectl rollout undo deployment` (k8s.io/kubectl polymorphichelpers
 * rollback.go + util/deployment), as pure functions over raw API objects, so it can be unit-tested
 * line by line against the Go source. Messages are kubectl's, word for word.
 */
import { AppError } from "@/lib/errors";
import {
  CHANGE_CAUSE_ANNOTATION,
  REVISION_ANNOTATION,
  equalIgnoreHash,
  isControlledBy,
  parseRevision,
  withoutHash,
} from "@/lib/k8s/revisions";
import type { Deployment, JsonPatchOp, PodTemplate, ReplicaSet } from "@/lib/k8s/types";

export { CHANGE_CAUSE_ANNOTATION, REVISION_ANNOTATION, equalIgnoreHash, parseRevision };

/** Kept from the Deployment, never copied from the ReplicaSet (kubectl's annotationsToSkip). */
export const ANNOTATIONS_TO_SKIP: readonly string[] = [
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
];

export const revisionNotFoundMessage = (r: number) => `unable to find specified revision ${r} in history`;
export const noHistoryMessage = (name: string) => `no rollout history found for deployment "${name}"`;
export const PAUSED_MESSAGE =
  "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again";
export const skippedMessage = (toRevision: number) =>
  `skipped rollback (current template already matches revision ${toRevision})`;

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? "") || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? "") || 0;
  if (ta !== tb) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * GetAllReplicaSets' order, which decides ties between equal revisions: owned RSs sorted by
 * creation (then name), the "new" one (oldest whose template equals the Deployment's) moved last.
 */
export function replicaSetsInKubectlOrder(deployment: Deployment, listed: ReplicaSet[]): ReplicaSet[] {
  const owned = listed.filter((rs) => isControlledBy(rs, deployment.metadata.uid)).sort(byCreation);
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec.template, deployment.spec.template));
  return newRS ? [...owned.filter((rs) => rs !== newRS), newRS] : owned;
}

/** deploymentRevision: the ReplicaSet to roll back to. Throws kubectl's errors. */
export function findRevision(deployment: Deployment, listed: ReplicaSet[], toRevision: number): ReplicaSet {
  if (toRevision < 0) throw new AppError("not_found", revisionNotFoundMessage(toRevision));
  let latest: ReplicaSet | undefined;
  let latestRevision = -1;
  let previous: ReplicaSet | undefined;
  let previousRevision = -1;
  for (const rs of replicaSetsInKubectlOrder(deployment, listed)) {
    const v = parseRevision(rs);
    if (v === null) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      return rs;
    }
  }
  if (toRevision > 0) throw new AppError("not_found", revisionNotFoundMessage(toRevision));
  if (!previous) throw new AppError("not_found", noHistoryMessage(deployment.metadata.name));
  return previous;
}

/** The Deployment's annotations after the rollback: its own skip-listed ones + the RS's others. */
export function rollbackAnnotations(deployment: Deployment, rs: ReplicaSet): Record<string, string> {
  const out: Record<string, string> = {};
  const own = deployment.metadata.annotations ?? {};
  for (const k of ANNOTATIONS_TO_SKIP) if (k in own) out[k] = own[k];
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.includes(k)) out[k] = v;
  }
  return out;
}

/** getDeploymentPatch: one JSON patch replacing the template and the annotations. */
export function rollbackPatch(template: PodTemplate, annotations: Record<string, string>): JsonPatchOp[] {
  return [
    { op: "replace", path: "/spec/template", value: template },
    { op: "replace", path: "/metadata/annotations", value: annotations },
  ];
}

export type UndoDecision =
  | {
      action: "patch";
      replicaSet: ReplicaSet;
      revision: number;
      template: PodTemplate;
      annotations: Record<string, string>;
      patch: JsonPatchOp[];
    }
  | { action: "skip"; replicaSet: ReplicaSet; revision: number; message: string };

/** Everything kubectl decides between its GET/LIST and its PATCH, in kubectl's order. */
export function decideUndo(deployment: Deployment, listed: ReplicaSet[], toRevision: number): UndoDecision {
  const rs = findRevision(deployment, listed, toRevision);
  return decideForReplicaSet(deployment, rs, toRevision);
}

/** The part after the lookup; also used on a conflict retry, pinned to the ReplicaSet planned. */
export function decideForReplicaSet(deployment: Deployment, rs: ReplicaSet, toRevision: number): UndoDecision {
  const revision = parseRevision(rs) ?? 0;
  if (deployment.spec.paused) throw new AppError("invalid", PAUSED_MESSAGE);
  if (equalIgnoreHash(rs.spec.template, deployment.spec.template)) {
    return { action: "skip", replicaSet: rs, revision, message: skippedMessage(toRevision) };
  }
  const template = withoutHash(rs.spec.template);
  const annotations = rollbackAnnotations(deployment, rs);
  return {
    action: "patch",
    replicaSet: rs,
    revision,
    template,
    annotations,
    patch: rollbackPatch(template, annotations),
  };
}
