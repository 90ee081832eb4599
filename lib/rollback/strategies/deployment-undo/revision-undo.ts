/**
 * StatefulSet and DaemonSet undo: exactly `kubectl rollout undo statefulset|daemonset/NAME
 * [--to-revision=N]` (lib/k8s/controller-revision-undo.ts decides, KUBERNETES.md specifies), split
 * into plan → execute → verify like the Deployment undo beside it.
 *
 * kubectl's patch is a strategic merge patch whose body is the ControllerRevision's data as
 * stored, and that body has no room for a precondition, so execute() re-reads the object first:
 * when its generation moved since the plan, the decision is re-made pinned to the planned
 * ControllerRevision (never "the previous one" again, which after someone else's undo would be
 * the bad revision). Then the unconditional patch, as kubectl sends it.
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollback.go
 */
import type { ChangedObject } from "@/lib/gitops/plan-notes";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import {
  byRevision,
  decideForRevision,
  decideRevisionUndo,
  restoreFailedMessage,
  revisionNotFoundMessage,
  revisionTemplate,
  templateMatches,
} from "@/lib/k8s/controller-revision-undo";
import { templateImages } from "@/lib/k8s/deployment-state";
import type { PodTemplate } from "@/lib/k8s/types";
import { readRolloutStatus, waitForWorkloadRollout } from "@/lib/k8s/workload-rollout-status";
import {
  WORKLOAD_KINDS,
  getRevisionedWorkload,
  listControllerRevisionsFor,
  patchRevisionedWorkload,
  type RevisionedKind,
} from "@/lib/k8s/workloads";
import { k8sTarget, type Check, type ExecResult, type Reporter, type StrategyContext } from "@/lib/rollback/strategy";
import { diffTemplates } from "./deployment-diff";
import { patchThenRollout } from "./patch-then-rollout";
import type { DeploymentUndoParams } from "./params";
import type { DeploymentUndoPlan } from "./strategy";

const images = (t: PodTemplate) =>
  templateImages(t)
    .map((i) => `${i.container}=${i.image}`)
    .join(", ");

const noun = (kind: RevisionedKind) => kind.toLowerCase();

export async function planRevisionUndo(
  ctx: StrategyContext,
  kind: RevisionedKind,
  params: DeploymentUndoParams,
  changed: ChangedObject[] = [],
): Promise<DeploymentUndoPlan> {
  const { namespace } = ctx;
  const name = params.deployment;
  if (params.toRevision < 0) throw new AppError("not_found", revisionNotFoundMessage(params.toRevision));
  const obj = await getRevisionedWorkload(ctx, kind, namespace, name);
  changed.push({ label: `${kind} ${name}`, metadata: obj.metadata });
  const history = await listControllerRevisionsFor(ctx, kind, obj);
  const decision = decideRevisionUndo(obj.spec.template, history, params.toRevision);
  const cr = decision.revision;
  // The controller gives the current template the highest revision (it renumbers a reused one).
  const current = byRevision(history).at(-1);
  const base = {
    strategy: "deployment-undo",
    target: k8sTarget(ctx.kube, namespace, kind, name),
    params,
    warnings: [] as string[],
    plannedAt: new Date().toISOString(),
    data: {
      generation: obj.metadata.generation ?? 0,
      fromRevision: current?.revision ?? null,
      toRevision: cr.revision,
      replicaSet: { name: cr.metadata.name, uid: cr.metadata.uid ?? "" },
      patch: [],
      revisionPatch: decision.action === "patch" ? decision.patch : undefined,
    },
  };
  if (decision.action === "skip") {
    return { ...base, summary: `Nothing to do: ${decision.message}.`, diff: [], noop: decision.message };
  }
  const strategy = obj.spec.updateStrategy?.type;
  if (strategy && strategy !== "RollingUpdate") {
    base.warnings.push(
      `The ${kind} uses the ${strategy} update strategy: the template is put back, but no pod is replaced until someone deletes it, and kubectl rollout status does not follow it.`,
    );
  }
  let dryRun;
  try {
    const after = await patchRevisionedWorkload(ctx, kind, namespace, name, decision.patch, { dryRun: true });
    dryRun = {
      ok: true,
      message: `the API server accepted the patch (dry run): images ${images(after.spec.template)}`,
    };
  } catch (e) {
    const message = operatorMessageOf(e);
    dryRun = { ok: false, message };
    base.warnings.push(`The server-side dry run failed: ${message}`);
  }
  const summary =
    `Roll back ${noun(kind)} "${name}" in "${namespace}" from revision ${base.data.fromRevision ?? "?"} ` +
    `(${images(obj.spec.template)}) to revision ${cr.revision} (${images(decision.template)}), as kubectl rollout undo` +
    `${params.toRevision ? ` --to-revision=${params.toRevision}` : ""}. `;
  return { ...base, summary, diff: diffTemplates(obj.spec.template, decision.template), dryRun };
}

/** The body to send now: the planned one, or re-decided pinned to the planned revision. */
async function bodyToSend(
  ctx: StrategyContext,
  kind: RevisionedKind,
  p: DeploymentUndoPlan,
  note: (s: string) => Promise<void>,
): Promise<{ body: Record<string, unknown> } | { skipped: string }> {
  const name = p.params.deployment;
  const obj = await getRevisionedWorkload(ctx, kind, ctx.namespace, name);
  if ((obj.metadata.generation ?? 0) === p.data.generation && p.data.revisionPatch) {
    return { body: p.data.revisionPatch };
  }
  await note(
    `the ${kind} changed after the plan (generation ${p.data.generation} → ${obj.metadata.generation}); re-reading its history`,
  );
  const cr = (await listControllerRevisionsFor(ctx, kind, obj)).find((h) => h.metadata.uid === p.data.replicaSet.uid);
  if (!cr) {
    throw new AppError(
      "conflict",
      `${noun(kind)} "${name}" changed after the plan and its ControllerRevision "${p.data.replicaSet.name}" (revision ${p.data.toRevision}) is gone; plan again`,
    );
  }
  const decision = decideForRevision(obj.spec.template, cr, p.params.toRevision);
  if (decision.action === "skip") return { skipped: `already at the planned template (${decision.message})` };
  return { body: decision.patch };
}

export function executeRevisionUndo(
  ctx: StrategyContext,
  kind: RevisionedKind,
  p: DeploymentUndoPlan,
  report: Reporter,
): Promise<ExecResult> {
  const name = p.params.deployment;
  return patchThenRollout(p, report, {
    subject: `${noun(kind)} "${name}"`,
    patchDetail: `strategic merge patch of ${noun(kind)} "${name}" to revision ${p.data.toRevision} (ControllerRevision ${p.data.replicaSet.name})`,
    async patch(note) {
      const next = await bodyToSend(ctx, kind, p, note);
      if ("skipped" in next) return { skipped: next.skipped };
      try {
        return {
          generation: (await patchRevisionedWorkload(ctx, kind, ctx.namespace, name, next.body)).metadata.generation,
        };
      } catch (e) {
        // kubectl's wording around the apiserver's reason.
        if (!isAppError(e)) throw e;
        throw new AppError(e.code, restoreFailedMessage(p.params.toRevision, e.userMessage), { cause: e });
      }
    },
    waitForRollout: (onProgress) =>
      waitForWorkloadRollout(ctx, kind, ctx.namespace, name, { timeoutMs: ctx.timeoutMs, onProgress }),
  });
}

export async function verifyRevisionUndo(
  ctx: StrategyContext,
  kind: RevisionedKind,
  p: DeploymentUndoPlan,
): Promise<Check[]> {
  const name = p.params.deployment;
  const obj = await getRevisionedWorkload(ctx, kind, ctx.namespace, name);
  const cr = (await listControllerRevisionsFor(ctx, kind, obj)).find((h) => h.metadata.uid === p.data.replicaSet.uid);
  const status = await readRolloutStatus(ctx, kind, ctx.namespace, name);
  return [
    { name: "rollout complete", ok: status.done && !status.unsupported, detail: status.message },
    cr
      ? {
          name: "template is the planned revision",
          ok: templateMatches(obj.spec.template, cr),
          detail: `images ${images(obj.spec.template)}; planned ${images(revisionTemplate(cr))}`,
        }
      : {
          name: "template is the planned revision",
          ok: false,
          detail: `ControllerRevision ${p.data.replicaSet.name} of ${WORKLOAD_KINDS[kind].resource}/${name} no longer exists`,
        },
  ];
}
