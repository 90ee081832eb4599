/** What the Services view shows for a Deployment: live state and revision history. */
import type { CallContext } from "./call";
import { getDeployment, listReplicaSetsFor } from "./deployments";
import { CHANGE_CAUSE_ANNOTATION, equalIgnoreHash, isControlledBy, parseRevision } from "./revisions";
import type { Condition, Deployment, PodTemplate } from "./types";

export interface ContainerImage {
  container: string;
  image: string;
  init?: boolean;
}

export interface DeploymentState {
  name: string;
  namespace: string;
  images: ContainerImage[];
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Pods of every revision, so old ones still terminating are visible. */
  total: number;
  conditions: Condition[];
  paused: boolean;
  generation: number;
  observedGeneration: number;
  revision: number | null;
}

export interface RevisionEntry {
  revision: number;
  images: ContainerImage[];
  changeCause: string | null;
  /** When this ReplicaSet was first created (a rollback reuses it, so not when it became current). */
  createdAt: string | null;
  replicaSet: string;
  /** Its template is the Deployment's current one. */
  current: boolean;
  replicas: number;
}

export function templateImages(t: PodTemplate): ContainerImage[] {
  const init = (t.spec?.initContainers ?? []).map((c) => ({ container: c.name, image: c.image ?? "", init: true }));
  return [...init, ...(t.spec?.containers ?? []).map((c) => ({ container: c.name, image: c.image ?? "" }))];
}

export function deploymentState(d: Deployment): DeploymentState {
  const s = d.status ?? {};
  return {
    name: d.metadata.name,
    namespace: d.metadata.namespace ?? "",
    images: templateImages(d.spec.template),
    // spec.replicas defaults to 1 server-side; absent only on objects that never went through it.
    desired: d.spec.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    total: s.replicas ?? 0,
    conditions: s.conditions ?? [],
    paused: !!d.spec.paused,
    generation: d.metadata.generation ?? 0,
    observedGeneration: s.observedGeneration ?? 0,
    revision: parseRevision(d),
  };
}

/** Revision history like `kubectl rollout history`, newest first. */
export async function revisionHistory(ctx: CallContext, namespace: string, name: string): Promise<RevisionEntry[]> {
  const d = await getDeployment(ctx, namespace, name);
  const rss = (await listReplicaSetsFor(ctx, d)).filter((rs) => isControlledBy(rs, d.metadata.uid));
  const out: RevisionEntry[] = [];
  for (const rs of rss) {
    const revision = parseRevision(rs);
    if (revision === null) continue;
    out.push({
      revision,
      images: templateImages(rs.spec.template),
      changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
      createdAt: rs.metadata.creationTimestamp ?? null,
      replicaSet: rs.metadata.name,
      current: equalIgnoreHash(rs.spec.template, d.spec.template),
      replicas: rs.status?.replicas ?? 0,
    });
  }
  return out.sort((a, b) => b.revision - a.revision);
}

/** Live state of one Deployment (for the Services view and progress). */
export async function readDeploymentState(ctx: CallContext, namespace: string, name: string): Promise<DeploymentState> {
  return deploymentState(await getDeployment(ctx, namespace, name));
}
