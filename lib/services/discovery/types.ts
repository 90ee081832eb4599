/**
 * What discovery returns (browser-safe: plain serialisable data, no functions, no Dates). Built by
 * discover-workloads.ts on the server, read by the onboarding page, annotated-services.ts and
 * propose-service.ts. Annotations and labels other than the ones listed here never leave the server
 * (`kubectl.kubernetes.io/last-applied-configuration` alone can hold a whole manifest with env values).
 */

/** Deployments now; StatefulSet and DaemonSet when their rollbacks exist. */
export type WorkloadKind = "Deployment";

export interface ContainerImage {
  container: string;
  image: string;
  /** An init container. */
  init?: boolean;
}

/** The GitOps or packaging tool that owns the object: a rollback on the cluster alone gets reverted by it. */
export type { ManagedBy } from "@/lib/gitops/managed-by";
import type { ManagedBy } from "@/lib/gitops/managed-by";

export interface WorkloadReadiness {
  /** spec.replicas */
  desired: number;
  ready: number;
  available: number;
  updated: number;
  /** Every desired replica updated, ready and available, and the latest spec observed. */
  allReady: boolean;
}

export interface DiscoveredWorkload {
  kind: WorkloadKind;
  /** The kubeconfig context it was found in. */
  context: string;
  namespace: string;
  name: string;
  images: ContainerImage[];
  /** deployment.kubernetes.io/revision, or null before the controller set it. */
  revision: number | null;
  readiness: WorkloadReadiness;
  /** app.kubernetes.io/name, else the `app` label: a good service name. */
  appName: string | null;
  managedBy: ManagedBy[];
  /** The workload's `rollback-command-center.io/*` annotations, as written (see annotated-services.ts). */
  rccAnnotations: Record<string, string>;
}

export interface NamespaceDiscovery {
  name: string;
  workloads: DiscoveredWorkload[];
  /** Why this namespace's workloads could not be listed (e.g. forbidden), or null. */
  error: string | null;
}

/**
 * One kubeconfig context. `error` set means nothing could be listed there (unknown context,
 * unreachable, credentials refused); other contexts are unaffected.
 */
export interface ContextDiscovery {
  context: string;
  /** The API server URL, or null when the context is not in the kubeconfig. */
  server: string | null;
  namespaces: NamespaceDiscovery[];
  error: string | null;
  /** Partial results, said plainly (e.g. "may not list namespaces; showing shop only"). */
  warnings: string[];
}

/** `context/namespace/Kind/name`: how a proposal names the workloads it came from. */
export function workloadRef(w: Pick<DiscoveredWorkload, "context" | "namespace" | "kind" | "name">): string {
  return `${w.context}/${w.namespace}/${w.kind}/${w.name}`;
}
