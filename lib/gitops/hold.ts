import "server-only";
/**
 * The Kubernetes half of a GitOps hold (the records are ./holds.ts): one JSON patch each way.
 * - Argo CD Application: hold removes `spec.syncPolicy.automated` (recording it exactly, with
 *   prune/selfHeal/allowEmpty/enabled as they were); release adds it back as recorded.
 * - Flux Kustomization / HelmRelease: hold sets `spec.suspend: true` (recording the previous value,
 *   absent included, as `flux suspend` leaves it); release puts that value back or removes the field.
 * Both patches start with a `test` of metadata.resourceVersion, so each applies only to the object
 * exactly as it was read. Release first refuses (nothing changed) when the object was re-created or
 * its spec is no longer what the hold left; a rollback's hold step, the same way, when it is no
 * longer what the plan showed (refuseIfChanged, one refusal for both).
 * @see https://github.com/fluxcd/flux2/blob/main/cmd/flux/suspend.go (sets spec.suspend = true)
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/ (automated sync is the `automated` block)
 */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { k8s, type CallContext } from "@/lib/k8s/call";
import type { JsonPatchOp } from "@/lib/k8s/types";
import { automatedOf, getReconciler, type ReconcilerObject } from "./reconcilers";
import { RECONCILER_APIS, refLabel, type ReconcilerRef } from "./settings";

/** What a hold replaced: exactly what release puts back. */
export type HoldPrevious = { automated: Record<string, unknown> } | { suspend: boolean | null };

/** `automated {"prune":true,"selfHeal":true}` or `suspend absent`, for the timeline. */
export function settingText(p: HoldPrevious): string {
  if ("automated" in p) return `automated ${JSON.stringify(p.automated)}`;
  return `suspend ${p.suspend === null ? "absent" : String(p.suspend)}`;
}

/** JSON with sorted keys: the same value gives the same text whatever order the apiserver kept. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** One sha256 per top-level spec field: enough to say which field changed, without keeping its value. */
export function specDigest(spec: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec ?? {}).map(([k, v]) => [k, createHash("sha256").update(canonical(v)).digest("hex")]),
  );
}

/** What the object was when last seen by the dashboard (a plan, or the hold it made). */
export interface SeenReconciler {
  uid: string;
  resourceVersion: string;
  specDigest: Record<string, string>;
}

/**
 * Refuses, with nothing changed, an object that was re-created or whose spec changed since it was
 * seen (`since`: "the hold", "the plan"). resourceVersion moves with every status write (Argo CD and
 * Flux write status constantly), so the spec is what must be unchanged.
 */
export function refuseIfChanged(
  ref: ReconcilerRef,
  o: ReconcilerObject,
  seen: SeenReconciler,
  since: string,
  advice: string,
): void {
  if (o.metadata.uid !== seen.uid)
    throw new AppError(
      "conflict",
      `${refLabel(ref)} was deleted and re-created since ${since} (uid ${seen.uid} → ${o.metadata.uid}); nothing was changed. ${advice}`,
    );
  if (o.metadata.resourceVersion === seen.resourceVersion) return;
  const now = specDigest(o.spec);
  const keys = [...new Set([...Object.keys(seen.specDigest), ...Object.keys(now)])].sort();
  const fields = keys.filter((k) => seen.specDigest[k] !== now[k]).map((k) => `spec.${k}`);
  if (fields.length)
    throw new AppError(
      "conflict",
      `${refLabel(ref)} changed since ${since} (${fields.join(", ")} edited by someone else); nothing was changed. ${advice}`,
    );
}

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

/** `planned`: a rollback's hold step, bound to the object as its plan showed it. */
export async function holdReconciler(
  ctx: CallContext,
  ref: ReconcilerRef,
  planned?: SeenReconciler,
): Promise<HoldResult> {
  const o = await getReconciler(ctx, ref);
  if (planned)
    refuseIfChanged(ref, o, planned, "the plan", "Plan the rollback again to see its sync settings as they are now.");
  const { ops, previous } = holdPatch(ref, o);
  const after = await patchOrConflict(ctx, ref, o, ops, "hold");
  return {
    uid: after.metadata.uid ?? "",
    resourceVersion: after.metadata.resourceVersion ?? "",
    previous,
    specAfterHold: after.spec ?? {},
  };
}

export async function releaseReconciler(
  ctx: CallContext,
  ref: ReconcilerRef,
  hold: { uid: string; resourceVersion: string; previous: HoldPrevious; specAfterHold: Record<string, unknown> },
): Promise<ReconcilerObject> {
  const o = await getReconciler(ctx, ref);
  refuseIfChanged(
    ref,
    o,
    { uid: hold.uid, resourceVersion: hold.resourceVersion, specDigest: specDigest(hold.specAfterHold) },
    "the hold",
    o.metadata.uid !== hold.uid
      ? "Check its sync settings by hand."
      : "Restoring the recorded settings now could overwrite that change: check the object and restore its sync settings by hand.",
  );
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
