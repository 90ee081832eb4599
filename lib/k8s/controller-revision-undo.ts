/**
 * The decision half of `kubectl rollout undo statefulset|daemonset` (StatefulSetRollbacker,
 * DaemonSetRollbacker), as pure functions over raw API objects. Messages are kubectl's, word for word.
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollback.go
 */
import { AppError } from "@/lib/errors";
import type { ControllerRevision, PodTemplate } from "./types";

export const revisionNotFoundMessage = (r: number) => `unable to find specified revision ${r} in history`;
export const NO_LAST_REVISION_MESSAGE = "no last revision to roll back to";
export const skippedMessage = (toRevision: number) =>
  `skipped rollback (current template already matches revision ${toRevision})`;
export const restoreFailedMessage = (toRevision: number, reason: string) =>
  `failed restoring revision ${toRevision}: ${reason}`;

/** kubectl's historiesByRevision order (ascending `.revision`). */
export function byRevision(history: ControllerRevision[]): ControllerRevision[] {
  return [...history].sort((a, b) => a.revision - b.revision);
}

/**
 * findHistory plus the checks around it in Rollback(): 0 = the second highest revision (needs two),
 * N = exactly that revision.
 */
export function findHistory(history: ControllerRevision[], toRevision: number): ControllerRevision {
  if (toRevision < 0) throw new AppError("not_found", revisionNotFoundMessage(toRevision));
  if (toRevision === 0) {
    if (history.length <= 1) throw new AppError("not_found", NO_LAST_REVISION_MESSAGE);
    const sorted = byRevision(history);
    return sorted[sorted.length - 2];
  }
  const found = history.find((h) => h.revision === toRevision);
  if (!found) throw new AppError("not_found", revisionNotFoundMessage(toRevision));
  return found;
}

/**
 * getStatefulSetPatch / getDaemonSetPatch: the object's template as the patch the controller stores,
 * `{"spec":{"template":{…,"$patch":"replace"}}}`.
 */
export function templatePatch(template: PodTemplate): Record<string, unknown> {
  return { spec: { template: { ...template, $patch: "replace" } } };
}

/** Go's json.Marshal of a map: keys sorted at every level, so equal data gives equal bytes. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * statefulsetMatch / daemonSetMatch: kubectl compares the bytes of the two encodings. We compare the
 * apiserver's encoding of the current template with the stored one, key order aside: both come from
 * the same server's types, which is what a kubectl of the server's version sees. An older kubectl
 * never matches (kubectl 1.32, for one, encodes the template's zero `creationTimestamp` as
 * null, which the controller's `omitzero` leaves out): it "rolls back" to the identical template.
 */
export function templateMatches(template: PodTemplate, revision: ControllerRevision): boolean {
  return canonicalJson(templatePatch(template)) === canonicalJson(revision.data ?? {});
}

/** The pod template a revision puts back (its stored patch's template, without the directive). */
export function revisionTemplate(revision: ControllerRevision): PodTemplate {
  const t = ((revision.data?.spec as { template?: Record<string, unknown> } | undefined)?.template ?? {}) as Record<
    string,
    unknown
  >;
  const { $patch: _directive, ...template } = t;
  return template as PodTemplate;
}

export type RevisionUndoDecision =
  | { action: "patch"; revision: ControllerRevision; template: PodTemplate; patch: Record<string, unknown> }
  | { action: "skip"; revision: ControllerRevision; message: string };

/** Everything kubectl decides between its GET/LIST and its PATCH, in kubectl's order. */
export function decideRevisionUndo(
  template: PodTemplate,
  history: ControllerRevision[],
  toRevision: number,
): RevisionUndoDecision {
  return decideForRevision(template, findHistory(history, toRevision), toRevision);
}

/** The part after the lookup; also used on a retry, pinned to the ControllerRevision planned. */
export function decideForRevision(
  template: PodTemplate,
  revision: ControllerRevision,
  toRevision: number,
): RevisionUndoDecision {
  if (templateMatches(template, revision)) return { action: "skip", revision, message: skippedMessage(toRevision) };
  // The body kubectl sends is the revision's data as stored, untouched.
  return { action: "patch", revision, template: revisionTemplate(revision), patch: revision.data ?? {} };
}
