import "server-only";
/**
 * The one helper every Kubernetes strategy's plan calls: who manages the objects it changes (from
 * their labels and annotations), the reconciler's state where one is named (get only; a 403/404 is
 * said in the note, never a failure), and in plain words what happens after the change. The notes go
 * into `plan.managedBy`, which the plan preview shows above the diff; the reconcilers that would undo
 * the change and that the service may hold become the plan's "Hold GitOps sync" steps
 * (`plan.gitopsHolds`, run before the change: ./hold-step.ts). Never writes anything.
 */
import type { CallContext } from "@/lib/k8s/call";
import type { Plan, StrategyContext } from "@/lib/rollback/strategy";
import { holdPatch, settingText, specDigest } from "./hold";
import { managedByOf, managedByWarning, type ManagedBy, type ManagedByNote } from "./managed-by";
import { holdKey, type PlannedHold } from "./planned-hold";
import { readReconciler, type ReconcilerObject } from "./reconcilers";
import { refLabel, sameRef, type GitopsSettings, type ReconcilerRef } from "./settings";

/** An object a plan changes: `label` reads like `Deployment web`. */
export interface ChangedObject {
  label: string;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** Argo CD's default namespace: where an Application lives when its tracking id does not say. */
const ARGOCD_NAMESPACE = "argocd";

/** The reconciler object a manager names, when it names one. */
export function reconcilerOf(m: ManagedBy, gitops: GitopsSettings | undefined): ReconcilerRef | null {
  const listed = gitops?.holdable ?? [];
  if (m.tool === "argocd") {
    if (!m.application) return null;
    const namespace =
      m.applicationNamespace ??
      listed.find((r) => r.kind === "Application" && r.name === m.application)?.namespace ??
      ARGOCD_NAMESPACE;
    return { kind: "Application", namespace, name: m.application };
  }
  if (m.tool === "flux" && m.name && m.namespace) return { kind: m.kind, namespace: m.namespace, name: m.name };
  return null;
}

type Read = Awaited<ReturnType<typeof readReconciler>>;

async function readNotes(
  ctx: CallContext & { gitops?: GitopsSettings },
  objects: ChangedObject[],
  ignore: readonly ManagedBy["tool"][],
): Promise<{ notes: ManagedByNote[]; read: Map<string, Read> }> {
  const known = (ctx.gitops?.holdable ?? []).filter((r) => r.kind === "Application").map((r) => r.name);
  const notes: ManagedByNote[] = [];
  const reads = new Map<string, Promise<Read>>();
  const read = new Map<string, Read>();
  for (const o of objects) {
    for (const manager of managedByOf(o.metadata.labels ?? {}, o.metadata.annotations ?? {}, known)) {
      if (ignore.includes(manager.tool)) continue;
      const ref = reconcilerOf(manager, ctx.gitops);
      // Several objects of one plan often share one Application: read it once.
      const key = ref && holdKey(ref);
      if (ref && key && !reads.has(key)) reads.set(key, readReconciler(ctx, ref));
      const got = key ? await reads.get(key)! : null;
      if (key && got) read.set(key, got);
      const state = got?.state ?? null;
      notes.push({
        object: o.label,
        manager,
        holdable: ref,
        holdAllowed: ref !== null && (ctx.gitops?.holdable ?? []).some((r) => sameRef(r, ref)),
        state,
        warning: managedByWarning(o.label, manager, state),
      });
    }
  }
  return { notes, read };
}

/** What the hold will do to this object as read, or null when there is nothing to hold. */
function holdAction(ref: ReconcilerRef, o: ReconcilerObject): string | null {
  let previous;
  try {
    ({ previous } = holdPatch(ref, o));
  } catch {
    return null; // automated sync already off, or already suspended
  }
  const what = ref.kind === "Application" ? "switch off automated sync of" : "suspend (spec.suspend: true)";
  return `Before the rollback, ${what} ${refLabel(ref)} (now ${settingText(previous)}), so it does not undo the rollback. Release hold on the incident restores exactly that.`;
}

/**
 * The hold steps: each reconciler that would undo the change (Argo CD automated sync on, Flux not
 * suspended), read, and listed in the service's `gitops.holdable`. None for a plan with nothing to do.
 */
export function plannedHolds(notes: ManagedByNote[], read: Map<string, Read>): PlannedHold[] {
  const out = new Map<string, PlannedHold>();
  for (const n of notes) {
    if (!n.holdable || !n.holdAllowed || !n.state?.read) continue;
    const key = holdKey(n.holdable);
    const seen = out.get(key);
    if (seen) {
      if (!seen.objects.includes(n.object)) seen.objects.push(n.object);
      continue;
    }
    const o = read.get(key)?.object;
    const action = o && holdAction(n.holdable, o);
    if (!o || !action) continue;
    out.set(key, {
      ref: n.holdable,
      objects: [n.object],
      action,
      uid: o.metadata.uid ?? "",
      resourceVersion: o.metadata.resourceVersion ?? "",
      specDigest: specDigest(o.spec),
      enabled: true,
    });
  }
  return [...out.values()];
}

/**
 * The plan with its managed-by notes and hold steps: what each strategy's plan() returns through.
 * `ignore`: managers that are the strategy itself (a Helm rollback's objects all belong to Helm).
 */
export async function withManagedBy<P, D>(
  ctx: StrategyContext,
  plan: Plan<P, D>,
  objects: ChangedObject[],
  opts: { ignore?: readonly ManagedBy["tool"][] } = {},
): Promise<Plan<P, D>> {
  const { notes, read } = await readNotes(ctx, objects, opts.ignore ?? []);
  const holds = plan.noop ? [] : plannedHolds(notes, read);
  return {
    ...plan,
    ...(notes.length ? { managedBy: notes } : {}),
    ...(holds.length ? { gitopsHolds: holds } : {}),
  };
}
