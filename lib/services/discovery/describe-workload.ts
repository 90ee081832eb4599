/**
 * A Deployment as the API server sends it → what discovery shows of it (pure; unit-tested). Only
 * the labels and annotations read here leave the server.
 */
import { templateImages } from "@/lib/k8s/deployment-state";
import { parseRevision } from "@/lib/k8s/revisions";
import { evaluateRollout } from "@/lib/k8s/rollout-status";
import type { Deployment } from "@/lib/k8s/types";
import { RCC_ANNOTATION_PREFIX } from "./annotations";
import type { DiscoveredWorkload, ManagedBy } from "./types";

/** Who manages an object, from the labels and annotations Helm, Argo CD and Flux write. */
export function managedByOf(labels: Record<string, string>, annotations: Record<string, string>): ManagedBy[] {
  const out: ManagedBy[] = [];
  const managedBy = labels["app.kubernetes.io/managed-by"];
  const helmRelease = annotations["meta.helm.sh/release-name"];
  if (managedBy === "Helm" || helmRelease !== undefined) {
    out.push({
      tool: "helm",
      release: helmRelease ?? null,
      releaseNamespace: annotations["meta.helm.sh/release-namespace"] ?? null,
    });
  } else if (managedBy) {
    out.push({ tool: "other", name: managedBy });
  }
  // Argo CD tracks by annotation (`app:group/Kind:namespace/name`, the default since 3.0) or by label.
  const trackingId = annotations["argocd.argoproj.io/tracking-id"];
  const argoLabel = labels["argocd.argoproj.io/instance"];
  if (trackingId !== undefined || argoLabel !== undefined) {
    const fromTracking = trackingId?.split(":")[0] || null;
    out.push({ tool: "argocd", application: argoLabel ?? labels["app.kubernetes.io/instance"] ?? fromTracking });
  }
  const flux = [
    ["kustomize.toolkit.fluxcd.io", "Kustomization"],
    ["helm.toolkit.fluxcd.io", "HelmRelease"],
  ] as const;
  for (const [prefix, kind] of flux) {
    const name = labels[`${prefix}/name`];
    const namespace = labels[`${prefix}/namespace`];
    if (name !== undefined || namespace !== undefined)
      out.push({ tool: "flux", kind, name: name ?? null, namespace: namespace ?? null });
  }
  return out;
}

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
