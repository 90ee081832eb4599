// The GitOps objects the tests create on the real CRDs (test/cluster/gitops-crds): an Argo CD
// Application, a Flux Kustomization and a Flux HelmRelease, with only the fields the dashboard reads
// (sync policy, suspend) varying. The reconcilers themselves never run in the tests.

/** Argo CD's automated sync as people switch it on. */
export const AUTOMATED = { prune: true, selfHeal: true };

export function argoApplication(
  name: string,
  destinationNamespace: string,
  opts: { path?: string; syncPolicy?: object } = {},
) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name },
    spec: {
      project: "default",
      source: { repoURL: "https://git.example/shop.git", path: opts.path ?? "deploy", targetRevision: "main" },
      destination: { server: "https://kubernetes.default.svc", namespace: destinationNamespace },
      ...(opts.syncPolicy ? { syncPolicy: opts.syncPolicy } : {}),
    },
  };
}

export function fluxKustomization(name: string, suspend?: boolean) {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name },
    spec: {
      interval: "10m",
      path: "./deploy",
      prune: true,
      sourceRef: { kind: "GitRepository", name: "shop" },
      ...(suspend === undefined ? {} : { suspend }),
    },
  };
}

export function fluxHelmRelease(name: string, opts: { chart?: string; suspend?: boolean } = {}) {
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name },
    spec: {
      interval: "5m",
      chart: { spec: { chart: opts.chart ?? "web", sourceRef: { kind: "HelmRepository", name: "shop" } } },
      ...(opts.suspend === undefined ? {} : { suspend: opts.suspend }),
    },
  };
}
