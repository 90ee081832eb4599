/** Deployment revision bookkeeping shared by the undo algorithm and the Services view. */
import { semanticEqual } from "./semantic-equal";
import type { ObjectMeta, PodTemplate } from "./types";

export const POD_TEMPLATE_HASH = "pod-template-hash";
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";

/** deploymentutil.Revision: missing annotation → 0; not a base-10 int64 → null (kubectl skips it). */
export function parseRevision(obj: { metadata: { annotations?: Record<string, string> } }): number | null {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^[+-]?[0-9]+$/.test(v)) return null;
  const big = BigInt(v);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  return Number(big);
}

/** metav1.IsControlledBy: the controller ownerReference points at this uid (ReplicaSets, ControllerRevisions). */
export function isControlledBy(obj: { metadata: ObjectMeta }, uid: string | undefined): boolean {
  return !!uid && (obj.metadata.ownerReferences ?? []).some((o) => o.controller === true && o.uid === uid);
}

/** A copy of the template without the pod-template-hash label the controller adds to ReplicaSets. */
export function withoutHash(t: PodTemplate): PodTemplate {
  const copy: PodTemplate = structuredClone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  return copy;
}

/** kubectl's equalIgnoreHash: Semantic.DeepEqual of the templates without pod-template-hash. */
export function equalIgnoreHash(a: PodTemplate, b: PodTemplate): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}
