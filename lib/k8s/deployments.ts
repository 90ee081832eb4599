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
export async function listReplicaSetsFor(
  ctx: CallContext,
  deployment: Deployment,
  pageSize?: number,
): Promise<ReplicaSet[]> {
  const namespace = deployment.metadata.namespace!;
  const labelSelector = labelSelectorToString(deployment.spec.selector);
  const items: ReplicaSet[] = [];
  let cont: string | undefined;
  do {
    const page = (await k8s(ctx, `list ReplicaSets of Deployment "${namespace}/${deployment.metadata.name}"`, () =>
      ctx.kube.custom.listNamespacedCustomObject({
        ...APPS,
        namespace,
        plural: "replicasets",
        labelSelector,
        limit: pageSize,
        _continue: cont,
      }),
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

/** The identity a removal must still find: the same object (uid), unchanged since we read it (resourceVersion). */
export interface DeletePreconditions {
  uid: string;
  resourceVersion?: string;
}

/**
 * Sets spec.replicas (a JSON patch on the Deployment, so no Scale subresource RBAC is needed).
 * With `uid`, a `test` op makes the apiserver refuse (422) when a different object now has the name.
 */
export function scaleDeployment(
  ctx: CallContext,
  namespace: string,
  name: string,
  replicas: number,
  opts: { dryRun?: boolean; uid?: string } = {},
): Promise<Deployment> {
  const ops: JsonPatchOp[] = [
    ...(opts.uid ? [{ op: "test" as const, path: "/metadata/uid", value: opts.uid }] : []),
    { op: "replace", path: "/spec/replicas", value: replicas },
  ];
  return k8s(ctx, `${opts.dryRun ? "dry-run scale" : "scale"} Deployment "${namespace}/${name}" to ${replicas}`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      { ...APPS, namespace, plural: "deployments", name, body: ops, dryRun: opts.dryRun ? "All" : undefined },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    ),
  ) as Promise<Deployment>;
}

/**
 * Deletes with the apiserver's preconditions: 409 Conflict instead of deleting an object that was
 * replaced or changed. Every option travels in the DeleteOptions body, because the apiserver reads
 * the query string only when there is no body: a `?dryRun=All` beside a body is ignored, and the
 * "dry run" deletes for real.
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/delete.go
 */
export function deleteDeployment(
  ctx: CallContext,
  namespace: string,
  name: string,
  opts: { dryRun?: boolean; preconditions?: DeletePreconditions } = {},
): Promise<unknown> {
  return k8s(ctx, `${opts.dryRun ? "dry-run delete" : "delete"} Deployment "${namespace}/${name}"`, () =>
    ctx.kube.custom.deleteNamespacedCustomObject({
      ...APPS,
      namespace,
      plural: "deployments",
      name,
      body: {
        propagationPolicy: "Background",
        ...(opts.dryRun ? { dryRun: ["All"] } : {}),
        ...(opts.preconditions ? { preconditions: opts.preconditions } : {}),
      },
    }),
  );
}
