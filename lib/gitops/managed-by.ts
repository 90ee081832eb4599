/**
 * Who manages a Kubernetes object, from the labels and annotations Helm, Argo CD and Flux write on
 * what they apply, and what each of them does after a raw undo (pure; unit-tested). Used by
 * discovery (lib/services/discovery) and by every Kubernetes strategy's plan (./plan-notes.ts).
 * Browser-safe: no I/O.
 */

/** The reconciler objects a hold can act on (see ./hold.ts). */
export type ReconcilerKind = "Application" | "Kustomization" | "HelmRelease";

export type ManagedBy =
  /** `helm install/upgrade` writes the release annotations; a chart rendered by `helm template`
   * (as Argo CD does) has only the managed-by label, so `release` is null then. */
  | { tool: "helm"; release: string | null; releaseNamespace: string | null }
  /**
   * Argo CD's tracking methods: `annotation` (argocd.argoproj.io/tracking-id, the default since 3.0),
   * `annotation+label` (the same annotation; the label is informational) and `label`
   * (app.kubernetes.io/instance, or a custom key such as argocd.argoproj.io/instance). The default
   * label alone is not proof: Helm charts set app.kubernetes.io/instance too, so it counts only when
   * it names an Application the service lists (`knownApplications`) and no Helm release owns the object.
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/resource_tracking/
   */
  | {
      tool: "argocd";
      application: string | null;
      /** From a tracking id `ns_app:…` (apps in any namespace); null: Argo CD's own namespace. */
      applicationNamespace: string | null;
      via: "annotation" | "label";
    }
  | { tool: "flux"; kind: "Kustomization" | "HelmRelease"; name: string | null; namespace: string | null }
  | { tool: "other"; name: string };

/**
 * Argo CD's tracking id: `<app>:<group>/<kind>:<namespace>/<name>`, where `<app>` is
 * `<app-namespace>_<app-name>` for an Application outside Argo CD's own namespace.
 * @see https://github.com/argoproj/argo-cd/blob/master/util/argo/resource_tracking.go (ParseAppInstanceValue)
 */
export function parseTrackingId(id: string): { application: string; applicationNamespace: string | null } | null {
  const parts = id.split(":");
  if (parts.length !== 3 || !parts[0]) return null;
  const app = parts[0];
  const i = app.indexOf("_");
  return i > 0
    ? { application: app.slice(i + 1), applicationNamespace: app.slice(0, i) }
    : { application: app, applicationNamespace: null };
}

export function managedByOf(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  knownApplications: readonly string[] = [],
): ManagedBy[] {
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
  const trackingId = annotations["argocd.argoproj.io/tracking-id"];
  const tracked = trackingId === undefined ? null : parseTrackingId(trackingId);
  const customLabel = labels["argocd.argoproj.io/instance"];
  const instance = labels["app.kubernetes.io/instance"];
  const instanceLabel =
    helmRelease === undefined && instance !== undefined && knownApplications.includes(instance) ? instance : undefined;
  if (tracked) {
    out.push({ tool: "argocd", ...tracked, via: "annotation" });
  } else if (trackingId !== undefined || customLabel !== undefined || instanceLabel !== undefined) {
    out.push({
      tool: "argocd",
      application: customLabel ?? instanceLabel ?? null,
      applicationNamespace: null,
      via: trackingId !== undefined ? "annotation" : "label",
    });
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

/** The reconciler's state as read from its object (./reconcilers.ts), or why it could not be read. */
export type ReconcilerState =
  | { read: true; kind: "Application"; automated: boolean; selfHeal: boolean; prune: boolean }
  | { read: true; kind: "Kustomization" | "HelmRelease"; suspended: boolean; interval: string | null }
  | { read: false; reason: string };

/** One line of a plan's managed-by section: who, which object, what a raw undo leads to. */
export interface ManagedByNote {
  /** The object the strategy changes, e.g. `Deployment web`. */
  object: string;
  manager: ManagedBy;
  /** The reconciler object a hold would act on, when there is one and it is known. */
  holdable: { kind: ReconcilerKind; namespace: string; name: string } | null;
  /** The service's `gitops` settings list `holdable`, so the plan can offer to hold it. */
  holdAllowed: boolean;
  state: ReconcilerState | null;
  /** Plain words: what will happen after the change. */
  warning: string;
}

const q = (s: string) => `"${s}"`;

/** What happens after a raw change of an object managed this way, in plain words. */
export function managedByWarning(object: string, m: ManagedBy, state: ReconcilerState | null): string {
  const unread = state && !state.read ? ` (${state.reason})` : "";
  switch (m.tool) {
    case "helm":
      return m.release
        ? `${object} belongs to Helm release ${q(m.release)}${m.releaseNamespace ? ` in ${q(m.releaseNamespace)}` : ""}: ` +
            `after this change the release will drift from the cluster, and the next helm upgrade (or helm rollback) re-applies the release's manifests over it. Roll back the release itself, or change its chart values, to make it stick.`
        : `${object} carries app.kubernetes.io/managed-by=Helm but no release annotation: it was rendered by helm template, usually by a GitOps tool; whatever applies it will put its version back.`;
    case "argocd": {
      const app = m.application ? `Argo CD Application ${q(m.application)}` : "an Argo CD Application";
      const how = m.via === "label" ? " (tracked by label, so possibly another tool's label)" : "";
      if (state?.read && state.kind === "Application") {
        if (state.automated && state.selfHeal)
          return `${object} is managed by ${app}${how}: Argo CD will re-sync the bad version within its sync interval (default 3 min) because automated sync with self-heal is on. Hold Argo CD sync first, and fix the version in git.`;
        if (state.automated)
          return `${object} is managed by ${app}${how}: automated sync is on without self-heal, so Argo CD leaves this change until the next git change or refresh that syncs, which re-applies the version in git. Hold Argo CD sync first, and fix the version in git.`;
        return `${object} is managed by ${app}${how}: automated sync is off, so Argo CD shows the app OutOfSync and changes nothing until someone syncs it, which re-applies the version in git.`;
      }
      return `${object} is managed by ${app}${how}; its sync policy could not be read${unread}: if automated sync with self-heal is on, Argo CD will re-sync the bad version within its sync interval (default 3 min).`;
    }
    case "flux": {
      const fluxObj = `Flux ${m.kind} ${q(m.name ?? "?")}${m.namespace ? ` in ${q(m.namespace)}` : ""}`;
      if (state?.read && state.kind !== "Application") {
        if (state.suspended)
          return `${object} is managed by ${fluxObj}, which is suspended: Flux will not revert this change until it is resumed.`;
        const every = state.interval ? ` every ${state.interval}` : "";
        return m.kind === "Kustomization"
          ? `${object} is managed by ${fluxObj}, which is not suspended: kustomize-controller re-applies the version in git${every} and will undo this change. Suspend it first (GitOps hold), and fix the version in git.`
          : `${object} is managed by ${fluxObj}, which is not suspended: helm-controller reconciles it${every}, corrects drift when drift detection is on, and any upgrade re-applies the bad version. Suspend it first (GitOps hold).`;
      }
      return `${object} is managed by ${fluxObj}; whether it is suspended could not be read${unread}: if it is not, Flux re-applies the version in git at its next reconcile.`;
    }
    case "other":
      return `${object} is managed by ${q(m.name)} (app.kubernetes.io/managed-by): it may put its own version back after this change.`;
  }
}
