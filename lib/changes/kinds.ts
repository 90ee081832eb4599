/**
 * The kinds of change the recorder writes (ChangeEvent.sourceKind), each with the API resource it
 * watches. Browser-safe: the incident page and the charts read the labels too.
 *
 * HelmRelease: Helm's release records (Secrets of type helm.sh/release.v1, one per revision),
 * watched per release with Helm's own label selector (owner=helm,name=<release>), so no other
 * Secret is ever read.
 */
export const CHANGE_KINDS = {
  ReplicaSet: { group: "apps", version: "v1", plural: "replicasets", label: "Deploy", target: "Deployment" },
  ControllerRevision: {
    group: "apps",
    version: "v1",
    plural: "controllerrevisions",
    label: "Workload revision",
    target: "StatefulSet or DaemonSet",
  },
  FeatureFlag: {
    group: "core.openfeature.dev",
    version: "v1beta1",
    plural: "featureflags",
    label: "Flag change",
    target: "FeatureFlag",
  },
  ConfigMap: { group: "", version: "v1", plural: "configmaps", label: "Flag change", target: "ConfigMap" },
  HelmRelease: { group: "", version: "v1", plural: "secrets", label: "Helm release", target: "Helm release" },
} as const;

export type ChangeKind = keyof typeof CHANGE_KINDS;
export const CHANGE_KIND_NAMES = Object.keys(CHANGE_KINDS) as [ChangeKind, ...ChangeKind[]];
export const isChangeKind = (k: string): k is ChangeKind => Object.hasOwn(CHANGE_KINDS, k);

/** The API path of a kind's collection in a namespace, e.g. /apis/apps/v1/namespaces/shop/replicasets. */
export function collectionPath(kind: ChangeKind, namespace: string): string {
  const { group, version, plural } = CHANGE_KINDS[kind];
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
}
