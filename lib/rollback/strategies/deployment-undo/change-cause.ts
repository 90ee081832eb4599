/**
 * The optional change-cause annotation of a workload undo (the service's `workloadUndo.changeCause`,
 * off by default): planned with the undo, so the preview shows the text it will write, and written
 * after the undo succeeded as a step of its own, with a JSON merge patch of metadata.annotations
 * (`kubectl rollout history` shows it as CHANGE-CAUSE). A Deployment's generation moves with its
 * annotations, so the step also waits until the controller has observed it (the rollout is already
 * complete; verify reads "complete" only once it is observed). A failure to annotate is recorded on that
 * step and does not fail a rollback that already happened. Off, nothing here runs, and the object is
 * exactly what `kubectl rollout undo` leaves.
 */
import { operatorMessageOf } from "@/lib/errors";
import { waitForRollout } from "@/lib/k8s/rollout-status";
import { annotateWorkload, type WorkloadKind } from "@/lib/k8s/workloads";
import { redactValue } from "@/lib/rollback/redact";
import type { DiffEntry, ExecResult, Reporter, StrategyContext } from "@/lib/rollback/strategy";
import { undoKindOf } from "./params";
import type { DeploymentUndoPlan } from "./strategy";

export const CHANGE_CAUSE = "kubernetes.io/change-cause";
export const CHANGE_CAUSE_STEP = "change-cause";
const DIFF_PATH = `annotation ${CHANGE_CAUSE}`;

type Planned = Pick<DeploymentUndoPlan, "params" | "data">;

/** e.g. `rollback by Cam Commander for incident ck12: kubectl rollout undo deployment/web to revision 3`. */
export function changeCauseText(incident: StrategyContext["incident"], p: Planned): string {
  const who = incident?.actor.name ?? "(the commander)";
  const which = incident?.id ?? "(the incident)";
  const what = `${undoKindOf(p.params).toLowerCase()}/${p.params.deployment}`;
  return `rollback by ${who} for incident ${which}: kubectl rollout undo ${what} to revision ${p.data.toRevision}`;
}

/**
 * The plan with the annotation in it when the service asks for one (and there is something to undo):
 * `data.changeCause`, a diff line with the text, a sentence in the summary. Reads nothing, writes nothing.
 */
export function planChangeCause(
  ctx: Pick<StrategyContext, "incident" | "workloadUndo">,
  plan: DeploymentUndoPlan,
  current: Record<string, string> | undefined,
): DeploymentUndoPlan {
  if (!ctx.workloadUndo?.changeCause || plan.noop) return plan;
  // A Deployment undo may itself put back its revision's change-cause: the annotation after it wins.
  const undone = plan.diff.find((d) => d.path === DIFF_PATH);
  const entry: DiffEntry = {
    path: DIFF_PATH,
    before: undone
      ? undone.before
      : redactValue(current?.[CHANGE_CAUSE] ?? null, ["metadata", "annotations", CHANGE_CAUSE]),
    after: changeCauseText(ctx.incident, plan),
  };
  return {
    ...plan,
    summary: `${plan.summary}Then annotates ${CHANGE_CAUSE} (the service's change-cause setting). `,
    diff: [...plan.diff.filter((d) => d !== undone), entry],
    data: { ...plan.data, changeCause: true },
  };
}

/** The merge patch, then (a Deployment) the controller's observation of the generation it bumped. */
async function annotateObserved(
  ctx: StrategyContext,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  annotations: Record<string, string>,
): Promise<void> {
  await annotateWorkload(ctx, kind, namespace, name, annotations);
  if (kind === "Deployment") await waitForRollout(ctx, namespace, name, { timeoutMs: ctx.timeoutMs });
}

/**
 * After a succeeded undo whose plan carries the annotation: the `change-cause` step. A failed patch
 * is reported, not thrown; what the reporter throws (a lost claim) goes up as from any step.
 */
export async function annotateChangeCause(
  ctx: StrategyContext,
  p: Planned,
  report: Reporter,
  result: ExecResult,
  annotate: typeof annotateObserved = annotateObserved,
): Promise<void> {
  if (!p.data.changeCause || result.outcome !== "succeeded") return;
  const kind = undoKindOf(p.params);
  const name = p.params.deployment;
  const text = changeCauseText(ctx.incident, p);
  await report({
    step: CHANGE_CAUSE_STEP,
    state: "running",
    detail: `annotating ${CHANGE_CAUSE} on ${kind} "${name}"`,
  });
  let failure: string | undefined;
  try {
    await annotate(ctx, kind, ctx.namespace, name, { [CHANGE_CAUSE]: text });
  } catch (e) {
    failure = operatorMessageOf(e);
  }
  // The rollback has happened either way; the annotation only records it.
  await report(
    failure === undefined
      ? { step: CHANGE_CAUSE_STEP, state: "succeeded", detail: `${CHANGE_CAUSE}: ${text}` }
      : {
          step: CHANGE_CAUSE_STEP,
          state: "failed",
          detail: `the rollback succeeded, but annotating ${CHANGE_CAUSE} failed: ${failure}`,
        },
  );
}
