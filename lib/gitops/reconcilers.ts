import "server-only";
/**
 * Reads of the reconciler objects (Argo CD Application, Flux Kustomization / HelmRelease): get only,
 * in the object's own namespace, as raw JSON through CustomObjectsApi. Plans use readReconciler,
 * which never throws: a 403/404 becomes "could not read …" in the plan's warning.
 */
import { operatorMessageOf } from "@/lib/errors";
import { k8s, type CallContext } from "@/lib/k8s/call";
import { httpStatusOf } from "@/lib/k8s/errors";
import type { ReconcilerState } from "./managed-by";
import { RECONCILER_APIS, refLabel, type ReconcilerRef } from "./settings";

export interface ReconcilerObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: number };
  spec?: Record<string, unknown>;
}

export const apiVersionOf = (kind: ReconcilerRef["kind"]) =>
  `${RECONCILER_APIS[kind].group}/${RECONCILER_APIS[kind].version}`;

export function getReconciler(ctx: CallContext, ref: ReconcilerRef): Promise<ReconcilerObject> {
  const api = RECONCILER_APIS[ref.kind];
  return k8s(ctx, `read ${refLabel(ref)}`, () =>
    ctx.kube.custom.getNamespacedCustomObject({
      group: api.group,
      version: api.version,
      plural: api.plural,
      namespace: ref.namespace,
      name: ref.name,
    }),
  ) as Promise<ReconcilerObject>;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** An Application's `spec.syncPolicy.automated`, or undefined when automated sync is off. */
export function automatedOf(o: ReconcilerObject): Record<string, unknown> | undefined {
  return obj(obj(o.spec?.syncPolicy)?.automated);
}

/**
 * What a reconciler will do. Argo CD: automated sync is on when `automated` is present (and, from
 * Argo CD 3.x, `automated.enabled` is not false); self-heal and prune are its flags.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
 */
export function stateOf(ref: ReconcilerRef, o: ReconcilerObject): ReconcilerState {
  if (ref.kind === "Application") {
    const a = automatedOf(o);
    return {
      read: true,
      kind: "Application",
      automated: a !== undefined && a.enabled !== false,
      selfHeal: a?.selfHeal === true,
      prune: a?.prune === true,
    };
  }
  return {
    read: true,
    kind: ref.kind,
    suspended: o.spec?.suspend === true,
    interval: typeof o.spec?.interval === "string" ? o.spec.interval : null,
  };
}

/** The reconciler's state and, when it could be read, the object itself (plans build their hold step from it). */
export async function readReconciler(
  ctx: CallContext,
  ref: ReconcilerRef,
): Promise<{ state: ReconcilerState; object: ReconcilerObject | null }> {
  try {
    const object = await getReconciler(ctx, ref);
    return { state: stateOf(ref, object), object };
  } catch (e) {
    const status = httpStatusOf(e);
    const why =
      status === 403
        ? "the dashboard may not get it (403)"
        : status === 404
          ? "it was not found (404)"
          : operatorMessageOf(e);
    return { state: { read: false, reason: `could not read ${refLabel(ref)}: ${why}` }, object: null };
  }
}
