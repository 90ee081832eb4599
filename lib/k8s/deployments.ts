/**
 * Raw reads and writes of Deployments and their ReplicaSets. Through CustomObjectsApi (which works
 * for any group, apps included) because it returns the apiserver's JSON untouched: the generated
 * AppsV1Api models drop fields the client does not know, and a rollback must copy them back intact.
 */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { k8s, type CallContext } from "./call";
import { labelSelectorToString } from "./label-selector";
import type { Deployment, JsonPatchOp, KList, ReplicaSet } from "./types";

const APPS = { group: "apps", version: "v1" } as const;

export function getDeployment(ctx: CallContext, namespace: string, name: string): Promise<Deployment> {
  return k8s(ctx, `read Deployment "${namespace}/${name}"`, () =>
    ctx.kube.custom.getNamespacedCustomObject({ ...APPS, namespace, plural: "deployments", name }),
  ) as Promise<Deployment>;
}

/** ReplicaSets matching the Deployment's selector, every page (kubectl's FollowContinue). */
export async function listReplicaSetsFor(ctx: CallContext, deployment: Deployment, pageSize?: number): Promise<ReplicaSet[]> {
  const namespace = deployment.metadata.namespace!;
  const labelSelector = labelSelectorToString(deployment.spec.selector);
  const items: ReplicaSet[] = [];
  let cont: string | undefined;
  do {
    const page = (await k8s(ctx, `list ReplicaSets of Deployment "${namespace}/${deployment.metadata.name}"`, () =>
      ctx.kube.custom.listNamespacedCustomObject({ ...APPS, namespace, plural: "replicasets", labelSelector, limit: pageSize, _continue: cont }),
    )) as KList<ReplicaSet>;
    items.push(...page.items);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

/** A JSON patch (application/json-patch+json); dryRun runs admission and validation, persists nothing. */
export function patchDeployment(
  ctx: CallContext,
  namespace: string,
  name: string,
  ops: JsonPatchOp[],
  opts: { dryRun?: boolean } = {},
): Promise<Deployment> {
  return k8s(ctx, `${opts.dryRun ? "dry-run patch" : "patch"} Deployment "${namespace}/${name}"`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      { ...APPS, namespace, plural: "deployments", name, body: ops, dryRun: opts.dryRun ? "All" : undefined },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    ),
  ) as Promise<Deployment>;
}

/** Sets spec.replicas (merge patch on the Deployment, so no Scale subresource RBAC is needed). */
export function scaleDeployment(ctx: CallContext, namespace: string, name: string, replicas: number, opts: { dryRun?: boolean } = {}): Promise<Deployment> {
  return k8s(ctx, `scale Deployment "${namespace}/${name}" to ${replicas}`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      { ...APPS, namespace, plural: "deployments", name, body: { spec: { replicas } }, dryRun: opts.dryRun ? "All" : undefined },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    ),
  ) as Promise<Deployment>;
}

export function deleteDeployment(ctx: CallContext, namespace: string, name: string): Promise<unknown> {
  return k8s(ctx, `delete Deployment "${namespace}/${name}"`, () =>
    ctx.kube.custom.deleteNamespacedCustomObject({ ...APPS, namespace, plural: "deployments", name, propagationPolicy: "Background" }),
  );
}
