/**
 * Which watches the recorder runs for the configured services, pure. One watch per namespace and
 * kind (never cluster-wide: the Helm chart's default RBAC is a Role per namespace); a flag source
 * is watched by name (a field selector), so the recorder never reads the namespace's other
 * ConfigMaps. A Helm release is watched by Helm's own label selector (owner=helm,name=<release>),
 * one watch per release, so the recorder reads no Secret but that release's records. Services
 * sharing a namespace share its watches.
 */
import { flagSourcesOf } from "@/lib/flags/config";
import { helmReleaseName } from "@/lib/rollback/strategies/helm-rollback/settings";
import type { ChangeKind } from "./kinds";

export interface WatchedService {
  id: string;
  clusterContext: string;
  namespace: string;
  deployments: string[];
  statefulSets: string[];
  daemonSets: string[];
  strategyConfig: unknown;
}

export interface StreamService {
  id: string;
  deployments: string[];
  statefulSets: string[];
  daemonSets: string[];
  /** Flag streams: the ConfigMap key the service configured, if any. */
  configMapKey?: string;
}

export interface WatchStream {
  /** The cursor key: "<context>/<namespace>/<plural>[/<name>]". */
  key: string;
  context: string;
  namespace: string;
  kind: ChangeKind;
  /**
   * Flag sources: the object, watched with fieldSelector metadata.name=<name>. Helm releases: the
   * release, watched with labelSelector owner=helm,name=<name> (its Secrets are named per revision).
   */
  name?: string;
  services: StreamService[];
}

const PLURAL: Record<ChangeKind, string> = {
  ReplicaSet: "replicasets",
  ControllerRevision: "controllerrevisions",
  FeatureFlag: "featureflags",
  ConfigMap: "configmaps",
  HelmRelease: "secrets",
};

/** The service's `helmReleases` setting, valid release names only (a malformed entry is skipped). */
export function helmReleasesIn(strategyConfig: unknown): string[] {
  const list = (strategyConfig as { helmReleases?: unknown } | null)?.helmReleases;
  if (!Array.isArray(list)) return [];
  return [...new Set(list.filter((r): r is string => helmReleaseName.safeParse(r).success))];
}

export function streamKey(context: string, namespace: string, kind: ChangeKind, name?: string): string {
  return [context, namespace, PLURAL[kind], ...(name ? [name] : [])].join("/");
}

export function planStreams(services: readonly WatchedService[]): WatchStream[] {
  const streams = new Map<string, WatchStream>();
  const add = (context: string, namespace: string, kind: ChangeKind, s: StreamService, name?: string) => {
    const key = streamKey(context, namespace, kind, name);
    const stream = streams.get(key) ?? { key, context, namespace, kind, ...(name ? { name } : {}), services: [] };
    stream.services.push(s);
    streams.set(key, stream);
  };
  for (const svc of services) {
    const base = {
      id: svc.id,
      deployments: svc.deployments,
      statefulSets: svc.statefulSets,
      daemonSets: svc.daemonSets,
    };
    if (svc.deployments.length) add(svc.clusterContext, svc.namespace, "ReplicaSet", base);
    if (svc.statefulSets.length || svc.daemonSets.length)
      add(svc.clusterContext, svc.namespace, "ControllerRevision", base);
    for (const src of flagSourcesOf(svc.strategyConfig, svc.namespace)) {
      const kind: ChangeKind = src.source === "featureflag-cr" ? "FeatureFlag" : "ConfigMap";
      add(svc.clusterContext, src.namespace, kind, { ...base, configMapKey: src.configMapKey }, src.name);
    }
    // A Helm release lives in the service's namespace (as the helm-rollback strategy acts on it).
    for (const release of helmReleasesIn(svc.strategyConfig))
      add(svc.clusterContext, svc.namespace, "HelmRelease", base, release);
  }
  return [...streams.values()].sort((a, b) => a.key.localeCompare(b.key));
}
