/**
 * Raw reads and strategic merge patches of the workloads whose history is ControllerRevisions
 * (StatefulSets, DaemonSets), and their ControllerRevisions; annotations of any workload kind. Raw JSON through CustomObjectsApi, as
 * in ./deployments.ts: a revision's stored patch must reach the apiserver exactly as stored.
 */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { k8s, type CallContext } from "./call";
import { labelSelectorToString } from "./label-selector";
import { isControlledBy } from "./revisions";
import type { ControllerRevision, DaemonSet, KList, StatefulSet } from "./types";

const APPS = { group: "apps", version: "v1" } as const;

/** The kinds a rollback can target: one entry per kind, its plural and kubectl's names for it. */
export const WORKLOAD_KINDS = {
  Deployment: { plural: "deployments", resource: "deployment.apps", statusNoun: "deployment" },
  StatefulSet: { plural: "statefulsets", resource: "statefulset.apps", statusNoun: "statefulset" },
  DaemonSet: { plural: "daemonsets", resource: "daemonset.apps", statusNoun: "daemon set" },
} as const;
export type WorkloadKind = keyof typeof WORKLOAD_KINDS;
export const WORKLOAD_KIND_NAMES = Object.keys(WORKLOAD_KINDS) as [WorkloadKind, ...WorkloadKind[]];

/** The kinds kubectl rolls back from ControllerRevisions (StatefulSetRollbacker, DaemonSetRollbacker). */
export type RevisionedKind = Exclude<WorkloadKind, "Deployment">;
export type RevisionedWorkload = StatefulSet | DaemonSet;

export function getRevisionedWorkload(
  ctx: CallContext,
  kind: RevisionedKind,
  namespace: string,
  name: string,
): Promise<RevisionedWorkload> {
  return k8s(ctx, `read ${kind} "${namespace}/${name}"`, () =>
    ctx.kube.custom.getNamespacedCustomObject({ ...APPS, namespace, plural: WORKLOAD_KINDS[kind].plural, name }),
  ) as Promise<RevisionedWorkload>;
}

/**
 * A strategic merge patch (kubectl's `types.StrategicMergePatchType`); dryRun=All runs admission and
 * validation and persists nothing.
 */
export function patchRevisionedWorkload(
  ctx: CallContext,
  kind: RevisionedKind,
  namespace: string,
  name: string,
  body: object,
  opts: { dryRun?: boolean } = {},
): Promise<RevisionedWorkload> {
  return k8s(ctx, `${opts.dryRun ? "dry-run patch" : "patch"} ${kind} "${namespace}/${name}"`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      {
        ...APPS,
        namespace,
        plural: WORKLOAD_KINDS[kind].plural,
        name,
        body,
        dryRun: opts.dryRun ? "All" : undefined,
      },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    ),
  ) as Promise<RevisionedWorkload>;
}

/**
 * Sets annotations on any workload kind with a JSON merge patch of metadata.annotations only (no
 * spec change: no new generation, no rollout). Returns the object as the server left it.
 */
export function annotateWorkload(
  ctx: CallContext,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  annotations: Record<string, string>,
): Promise<{ metadata: { annotations?: Record<string, string> } }> {
  return k8s(ctx, `annotate ${kind} "${namespace}/${name}"`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      { ...APPS, namespace, plural: WORKLOAD_KINDS[kind].plural, name, body: { metadata: { annotations } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    ),
  ) as Promise<{ metadata: { annotations?: Record<string, string> } }>;
}

/**
 * kubectl's controlledHistory: the ControllerRevisions matching the object's selector that it
 * controls (every page; kubectl lists without a limit, so it sees them all too).
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/history.go
 */
export async function listControllerRevisionsFor(
  ctx: CallContext,
  kind: RevisionedKind,
  obj: RevisionedWorkload,
): Promise<ControllerRevision[]> {
  const namespace = obj.metadata.namespace!;
  const labelSelector = labelSelectorToString(obj.spec.selector);
  const items: ControllerRevision[] = [];
  let cont: string | undefined;
  do {
    const page = (await k8s(ctx, `list ControllerRevisions of ${kind} "${namespace}/${obj.metadata.name}"`, () =>
      ctx.kube.custom.listNamespacedCustomObject({
        ...APPS,
        namespace,
        plural: "controllerrevisions",
        labelSelector,
        _continue: cont,
      }),
    )) as KList<ControllerRevision>;
    items.push(...page.items);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items.filter((h) => isControlledBy(h, obj.metadata.uid));
}
