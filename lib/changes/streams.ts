/**
 * Which watches the recorder runs for the configured services, pure. One watch per namespace and
 * kind (never cluster-wide: the Helm chart's default RBAC is a Role per namespace); a flag source
 * is watched by name (a field selector), so the recorder never reads the namespace's other
 * ConfigMaps. Services sharing a namespace share its watches.
 */
import { flagSourcesOf } from "@/lib/flags/config";
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
  /** Set for flag sources: watched with fieldSelector metadata.name=<name>. */
  name?: string;
  services: StreamService[];
}

const PLURAL: Record<ChangeKind, string> = {
  ReplicaSet: "replicasets",
  ControllerRevision: "controllerrevisions",
  FeatureFlag: "featureflags",
  ConfigMap: "configmaps",
};

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
  }
  return [...streams.values()].sort((a, b) => a.key.localeCompare(b.key));
}
