import "server-only";
/**
 * The one helper every Kubernetes strategy's plan calls: who manages the objects it changes (from
 * their labels and annotations), the reconciler's state where one is named (get only; a 403/404 is
 * said in the note, never a failure), and in plain words what happens after the change. The notes go
 * into `plan.managedBy`, which the plan preview shows above the diff. Never writes anything.
 */
import type { CallContext } from "@/lib/k8s/call";
import type { Plan, StrategyContext } from "@/lib/rollback/strategy";
import { managedByOf, managedByWarning, type ManagedBy, type ManagedByNote } from "./managed-by";
import { readReconcilerState } from "./reconcilers";
import { sameRef, type GitopsSettings, type ReconcilerRef } from "./settings";

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

export async function managedByNotes(
  ctx: CallContext & { gitops?: GitopsSettings },
  objects: ChangedObject[],
): Promise<ManagedByNote[]> {
  const known = (ctx.gitops?.holdable ?? []).filter((r) => r.kind === "Application").map((r) => r.name);
  const notes: ManagedByNote[] = [];
  const states = new Map<string, ReturnType<typeof readReconcilerState>>();
  for (const o of objects) {
    for (const manager of managedByOf(o.metadata.labels ?? {}, o.metadata.annotations ?? {}, known)) {
      const ref = reconcilerOf(manager, ctx.gitops);
      // Several objects of one plan often share one Application: read it once.
      const key = ref && JSON.stringify(ref);
      if (ref && key && !states.has(key)) states.set(key, readReconcilerState(ctx, ref));
      const state = key ? await states.get(key)! : null;
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
  return notes;
}

/** The plan with its managed-by notes: what each strategy's plan() returns through. */
export async function withManagedBy<P, D>(
  ctx: StrategyContext,
  plan: Plan<P, D>,
  objects: ChangedObject[],
): Promise<Plan<P, D>> {
  const managedBy = await managedByNotes(ctx, objects);
  return managedBy.length ? { ...plan, managedBy } : plan;
}
