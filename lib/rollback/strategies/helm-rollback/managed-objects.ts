import "server-only";
/**
 * The objects of a Helm release its plan asks "who else manages this?" about: the workloads
 * (Deployments, StatefulSets, DaemonSets) of the current revision's manifest in the release's
 * namespace, read live (a Flux helm-controller labels what it renders with its HelmRelease, Argo CD
 * annotates what it tracks), with get only, which the rollback's access already grants. An object
 * that cannot be read is asked about as the manifest renders it.
 */
import type { ChangedObject } from "@/lib/gitops/plan-notes";
import { getDeployment } from "@/lib/k8s/deployments";
import { getRevisionedWorkload, WORKLOAD_KIND_NAMES, type WorkloadKind } from "@/lib/k8s/workloads";
import { manifestObjects } from "@/lib/helm/manifest-diff";
import type { StrategyContext } from "@/lib/rollback/strategy";

type Meta = ChangedObject["metadata"] & { name?: string; namespace?: string };

const isWorkloadKind = (k: unknown): k is WorkloadKind => WORKLOAD_KIND_NAMES.includes(k as WorkloadKind);

export async function releaseWorkloads(ctx: StrategyContext, namespace: string, manifest: string) {
  const out: ChangedObject[] = [];
  for (const o of manifestObjects(manifest).values()) {
    const kind = o.kind;
    const meta = (o.metadata ?? {}) as Meta;
    if (!isWorkloadKind(kind) || !meta.name || (meta.namespace && meta.namespace !== namespace)) continue;
    const name = meta.name;
    const live = await (
      kind === "Deployment" ? getDeployment(ctx, namespace, name) : getRevisionedWorkload(ctx, kind, namespace, name)
    ).catch(() => null);
    out.push({ label: `${kind} ${name}`, metadata: live?.metadata ?? meta });
  }
  return out;
}
