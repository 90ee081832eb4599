import "server-only";
/**
 * The Kubernetes half of a GitOps hold (the records are ./holds.ts): one JSON patch each way.
 * - Argo CD Application: hold removes `spec.syncPolicy.automated` (recording it exactly, with
 *   prune/selfHeal/allowEmpty/enabled as they were); release adds it back as recorded.
 * - Flux Kustomization / HelmRelease: hold sets `spec.suspend: true` (recording the previous value,
 *   absent included, as `flux suspend` leaves it); release puts that value back or removes the field.
 * Both patches start with a `test` of metadata.resourceVersion, so each applies only to the object
 * exactly as it was read. Release first refuses (nothing changed) when the object was re-created or
 * its spec is no longer what the hold left.
 * @see https://github.com/fluxcd/flux2/blob/main/cmd/flux/suspend.go (sets spec.suspend = true)
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/ (automated sync is the `automated` block)
 */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { isDeepStrictEqual } from "node:util";
import { AppError } from "@/lib/errors";
import { k8s, type CallContext } from "@/lib/k8s/call";
import type { JsonPatchOp } from "@/lib/k8s/types";
import { automatedOf, getReconciler, type ReconcilerObject } from "./reconcilers";
import { RECONCILER_APIS, refLabel, type ReconcilerRef } from "./settings";

/** What a hold replaced: exactly what release puts back. */
export type HoldPrevious = { automated: Record<string, unknown> } | { suspend: boolean | null };

export interface HoldResult {
  uid: string;
  resourceVersion: string;
  previous: HoldPrevious;
  specAfterHold: Record<string, unknown>;
}

export function patchReconciler(ctx: CallContext, ref: ReconcilerRef, ops: JsonPatchOp[]): Promise<ReconcilerObject> {
  const api = RECONCILER_APIS[ref.kind];
  return k8s(ctx, `patch ${refLabel(ref)}`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      {
        group: api.group,
        version: api.version,
        plural: api.plural,
        namespace: ref.namespace,
        name: ref.name,
        body: ops,
      },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    ),
  ) as Promise<ReconcilerObject>;
}

const sameVersion = (o: ReconcilerObject): JsonPatchOp => ({
  op: "test",
  path: "/metadata/resourceVersion",
  value: o.metadata.resourceVersion,
});

/** The hold's patch for the object as read, and what it replaces; throws when there is nothing to hold. */
export function holdPatch(ref: ReconcilerRef, o: ReconcilerObject): { ops: JsonPatchOp[]; previous: HoldPrevious } {
  if (ref.kind === "Application") {
    const automated = automatedOf(o);
    if (!automated)
      throw new AppError("invalid", `${refLabel(ref)} has no automated sync to switch off: there is nothing to hold.`);
    return {
      ops: [sameVersion(o), { op: "remove", path: "/spec/syncPolicy/automated" }],
      previous: { automated: structuredClone(automated) },
    };
  }
  const suspend = o.spec?.suspend;
  if (suspend === true)
    throw new AppError("invalid", `${refLabel(ref)} is already suspended: there is nothing to hold.`);
  return {
    ops: [sameVersion(o), { op: "add", path: "/spec/suspend", value: true }],
    previous: { suspend: typeof suspend === "boolean" ? suspend : null },
  };
}

/** The release's patch: the recorded settings back, exactly. */
export function releasePatch(ref: ReconcilerRef, o: ReconcilerObject, previous: HoldPrevious): JsonPatchOp[] {
  if (ref.kind === "Application") {
    if (!("automated" in previous))
      throw new AppError("invalid", `the hold of ${refLabel(ref)} has no recorded sync policy`);
    return [sameVersion(o), { op: "add", path: "/spec/syncPolicy/automated", value: previous.automated }];
  }
  if (!("suspend" in previous))
    throw new AppError("invalid", `the hold of ${refLabel(ref)} has no recorded suspend flag`);
  return [
    sameVersion(o),
    previous.suspend === null
      ? { op: "remove", path: "/spec/suspend" }
      : { op: "replace", path: "/spec/suspend", value: previous.suspend },
  ];
}

export async function holdReconciler(ctx: CallContext, ref: ReconcilerRef): Promise<HoldResult> {
  const o = await getReconciler(ctx, ref);
  const { ops, previous } = holdPatch(ref, o);
  const after = await patchOrConflict(ctx, ref, o, ops, "hold");
  return {
    uid: after.metadata.uid ?? "",
    resourceVersion: after.metadata.resourceVersion ?? "",
    previous,
    specAfterHold: after.spec ?? {},
  };
}

/** Which top-level spec fields differ (for the refusal's sentence). */
function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !isDeepStrictEqual(a[k], b[k])).map((k) => `spec.${k}`);
}

export async function releaseReconciler(
  ctx: CallContext,
  ref: ReconcilerRef,
  hold: { uid: string; resourceVersion: string; previous: HoldPrevious; specAfterHold: Record<string, unknown> },
): Promise<ReconcilerObject> {
  const o = await getReconciler(ctx, ref);
  if (o.metadata.uid !== hold.uid)
    throw new AppError(
      "conflict",
      `${refLabel(ref)} was deleted and re-created since the hold (uid ${hold.uid} → ${o.metadata.uid}); nothing was changed. Check its sync settings by hand.`,
    );
  // resourceVersion moves with every status write, so the spec itself is what must be unchanged.
  if (o.metadata.resourceVersion !== hold.resourceVersion && !isDeepStrictEqual(o.spec ?? {}, hold.specAfterHold)) {
    const fields = changedFields(hold.specAfterHold, o.spec ?? {});
    throw new AppError(
      "conflict",
      `${refLabel(ref)} changed since the hold (${fields.join(", ")} edited by someone else); nothing was changed. ` +
        `Restoring the recorded settings now could overwrite that change: check the object and restore its sync settings by hand.`,
    );
  }
  return patchOrConflict(ctx, ref, o, releasePatch(ref, o, hold.previous), "release");
}

async function patchOrConflict(
  ctx: CallContext,
  ref: ReconcilerRef,
  read: ReconcilerObject,
  ops: JsonPatchOp[],
  what: string,
) {
  try {
    return await patchReconciler(ctx, ref, ops);
  } catch (e) {
    // A failed `test` of resourceVersion is a 422: the object moved between our read and our patch.
    if (!(e instanceof AppError) || (e.code !== "invalid" && e.code !== "conflict")) throw e;
    const now = await getReconciler(ctx, ref).catch(() => null);
    if (now && now.metadata.resourceVersion === read.metadata.resourceVersion) throw e;
    throw new AppError(
      "conflict",
      `${refLabel(ref)} changed while the ${what} was being applied; nothing was changed. Try again.`,
      {
        cause: e,
      },
    );
  }
}
