/**
 * A Deployment as the API server sends it → what discovery shows of it (pure; unit-tested). Only
 * the labels and annotations read here leave the server.
 */
import { templateImages } from "@/lib/k8s/deployment-state";
import { parseRevision } from "@/lib/k8s/revisions";
import { evaluateRollout } from "@/lib/k8s/rollout-status";
import type { Deployment } from "@/lib/k8s/types";
import { RCC_ANNOTATION_PREFIX } from "./annotations";
import { managedByOf } from "@/lib/gitops/managed-by";
import type { DiscoveredWorkload } from "./types";

/** Who manages an object: one detection for discovery and the plans (lib/gitops/managed-by.ts). */
export { managedByOf };

export function describeDeployment(context: string, d: Deployment): DiscoveredWorkload {
  const labels = d.metadata.labels ?? {};
  const annotations = d.metadata.annotations ?? {};
  const s = d.status ?? {};
  const desired = d.spec.replicas ?? 1;
  const readiness = {
    desired,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    updated: s.updatedReplicas ?? 0,
    allReady: false,
  };
  readiness.allReady = evaluateRollout(d).done && readiness.ready >= desired;
  const revision =
    d.metadata.annotations?.["deployment.kubernetes.io/revision"] === undefined ? null : parseRevision(d);
  return {
    kind: "Deployment",
    context,
    namespace: d.metadata.namespace ?? "",
    name: d.metadata.name,
    images: templateImages(d.spec.template),
    revision,
    readiness,
    appName: labels["app.kubernetes.io/name"] ?? labels.app ?? null,
    managedBy: managedByOf(labels, annotations),
    rccAnnotations: Object.fromEntries(
      Object.entries(annotations).filter(([k]) => k.startsWith(RCC_ANNOTATION_PREFIX)),
    ),
  };
}
