/**
 * The Deployment to run in the DR cluster: the last known good pod template, from the primary's
 * ReplicaSet history (what `rollout undo` would go back to, or a named revision) or from a captured
 * YAML artifact when the primary cannot be read. Only the desired state travels: no status, uid,
 * resourceVersion, managedFields, revision annotations or pod-template-hash.
 */
import { parse } from "yaml";
import { AppError } from "@/lib/errors";
import { POD_TEMPLATE_HASH, REVISION_ANNOTATION, parseRevision, withoutHash } from "@/lib/k8s/revisions";
import type { Deployment, PodTemplate, ReplicaSet } from "@/lib/k8s/types";

export const FAILOVER_ANNOTATION = "rollback-command-center.dev/failover-from";

export interface DrManifest {
  apiVersion: "apps/v1";
  kind: "Deployment";
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations: Record<string, string> };
  spec: Deployment["spec"];
}

const SPEC_KEYS = [
  "selector",
  "strategy",
  "minReadySeconds",
  "progressDeadlineSeconds",
  "revisionHistoryLimit",
] as const;

export function drManifest(
  from: Pick<Deployment, "metadata" | "spec">,
  template: PodTemplate,
  opts: { namespace: string; replicas?: number; origin: string },
): DrManifest {
  const spec: Deployment["spec"] = {
    replicas: opts.replicas ?? from.spec.replicas ?? 1,
    selector: from.spec.selector,
    template: withoutHash(template),
  };
  for (const k of SPEC_KEYS) if (from.spec[k] !== undefined) (spec as Record<string, unknown>)[k] = from.spec[k];
  const labels = { ...(from.metadata.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: from.metadata.name,
      namespace: opts.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      annotations: { [FAILOVER_ANNOTATION]: opts.origin },
    },
    spec,
  };
}

/** The good ReplicaSet: `previous` (the second-highest revision, as rollout undo), `current`, or revision N. */
export function pickReplicaSet(
  d: Deployment,
  rss: ReplicaSet[],
  which: "previous" | "current" | number,
): { rs: ReplicaSet; revision: number } {
  const byRev = rss.map((rs) => ({ rs, revision: parseRevision(rs) ?? 0 })).sort((a, b) => b.revision - a.revision);
  const name = d.metadata.name;
  if (typeof which === "number") {
    const hit = byRev.find((r) => r.revision === which);
    if (!hit)
      throw new AppError(
        "not_found",
        `deployment "${name}" has no revision ${which} (revisions: ${byRev.map((r) => r.revision).join(", ") || "none"})`,
      );
    return hit;
  }
  const current = parseRevision(d);
  if (which === "current") {
    const hit = byRev.find((r) => r.revision === current) ?? byRev[0];
    if (!hit) throw new AppError("not_found", `deployment "${name}" has no ReplicaSets`);
    return hit;
  }
  const prev = byRev.find((r) => r.revision !== (current ?? byRev[0]?.revision));
  if (!prev)
    throw new AppError(
      "not_found",
      `no rollout history found for deployment "${name}": no previous revision to fail over to`,
    );
  return prev;
}

/** A Deployment from a captured YAML artifact (capture.ts writes `deployment/NAME.yaml`). */
export function deploymentFromYaml(text: string): Deployment {
  let obj: unknown;
  try {
    obj = parse(text);
  } catch (e) {
    throw new AppError("invalid", `the artifact is not YAML: ${(e as Error).message}`);
  }
  const d = obj as Deployment;
  if (!d || d.kind !== "Deployment" || !d.metadata?.name || !d.spec?.template || !d.spec?.selector) {
    throw new AppError("invalid", "the artifact is not a Deployment manifest");
  }
  const annotations = { ...(d.metadata.annotations ?? {}) };
  delete annotations[REVISION_ANNOTATION];
  return { ...d, metadata: { ...d.metadata, annotations } };
}
