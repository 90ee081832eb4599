/**
 * Deployment undo: exactly `kubectl rollout undo deployment/NAME [--to-revision=N]` (see
 * kubectl-undo.ts for the decision, KUBERNETES.md for the spec), split into plan → execute → verify.
 * One deliberate addition: execute() prefixes the patch with a `test` of metadata.generation, so a
 * Deployment whose spec changed after the commander confirmed is refused (resourceVersion would
 * not do: the controller's status writes bump it constantly); then, as on a 409, we re-read and retry once,
 * pinned to the ReplicaSet that was planned (never "the previous one" again, which after someone
 * else's rollback would be the bad revision), with kubectl's unconditional patch. The resulting
 * object is the same as kubectl's.
 *
 * The same strategy rolls back StatefulSets and DaemonSets (`params.kind`), the way kubectl does
 * from their ControllerRevisions: see revision-undo.ts.
 */
import { jsonPatchOpSchema } from "@/lib/rollback/plan-schemas";
import { withManagedBy, type ChangedObject } from "@/lib/gitops/plan-notes";
import { z } from "zod";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import type { CallContext } from "@/lib/k8s/call";
import { templateImages } from "@/lib/k8s/deployment-state";
import { getDeployment, listReplicaSetsFor, patchDeployment } from "@/lib/k8s/deployments";
import { equalIgnoreHash, isControlledBy, parseRevision } from "@/lib/k8s/revisions";
import { evaluateRollout, waitForRollout } from "@/lib/k8s/rollout-status";
import type { Deployment, JsonPatchOp } from "@/lib/k8s/types";
import {
  k8sTarget,
  type Check,
  type ExecResult,
  type Plan,
  type Reporter,
  type RollbackStrategy,
  type StrategyContext,
} from "@/lib/rollback/strategy";
import { diffAnnotations, diffTemplates } from "@/lib/rollback/strategies/deployment-undo/deployment-diff";
import {
  decideForReplicaSet,
  decideUndo,
  revisionNotFoundMessage,
} from "@/lib/rollback/strategies/deployment-undo/kubectl-undo";
import { annotateChangeCause, planChangeCause } from "./change-cause";
import { deploymentUndoParamsSchema, undoKindOf, type DeploymentUndoParams } from "./params";
import { patchThenRollout } from "./patch-then-rollout";
import { executeRevisionUndo, planRevisionUndo, verifyRevisionUndo } from "./revision-undo";

export const deploymentUndoDataSchema = z.object({
  /** metadata.generation when planned: changes only when the spec does. */
  generation: z.number().int(),
  fromRevision: z.number().int().nullable(),
  toRevision: z.number().int(),
  /** The object holding the revision: a Deployment's ReplicaSet, or a StatefulSet's/DaemonSet's ControllerRevision. */
  replicaSet: z.object({ name: z.string(), uid: z.string() }),
  /** The Deployment's JSON patch ([] for the other kinds). */
  patch: z.array(jsonPatchOpSchema),
  /** StatefulSet/DaemonSet: the ControllerRevision's data, sent as kubectl sends it (a strategic merge patch). */
  revisionPatch: z.record(z.string(), z.unknown()).optional(),
  /** Annotate kubernetes.io/change-cause after the undo succeeded (the service's setting when planned). */
  changeCause: z.boolean().optional(),
});
export type DeploymentUndoData = z.infer<typeof deploymentUndoDataSchema>;

export type DeploymentUndoPlan = Plan<DeploymentUndoParams, DeploymentUndoData>;

const images = (d: { spec: { template: Deployment["spec"]["template"] } }) =>
  templateImages(d.spec.template)
    .map((i) => `${i.container}=${i.image}`)
    .join(", ");

const unchangedSince = (generation: number): JsonPatchOp => ({
  op: "test",
  path: "/metadata/generation",
  value: generation,
});

async function plan(ctx: StrategyContext, params: DeploymentUndoParams): Promise<DeploymentUndoPlan> {
  const changed: ChangedObject[] = [];
  const planned = planChangeCause(ctx, await planInner(ctx, params, changed), changed[0]?.metadata.annotations);
  return withManagedBy(ctx, planned, changed);
}

async function planInner(
  ctx: StrategyContext,
  params: DeploymentUndoParams,
  changed: ChangedObject[],
): Promise<DeploymentUndoPlan> {
  const kind = undoKindOf(params);
  if (kind !== "Deployment") return planRevisionUndo(ctx, kind, params, changed);
  const { namespace } = ctx;
  const name = params.deployment;
  if (params.toRevision < 0) throw new AppError("not_found", revisionNotFoundMessage(params.toRevision));
  const d = await getDeployment(ctx, namespace, name);
  changed.push({ label: `Deployment ${name}`, metadata: d.metadata });
  const decision = decideUndo(d, await listReplicaSetsFor(ctx, d), params.toRevision);
  const rs = decision.replicaSet;
  const base = {
    strategy: "deployment-undo",
    target: k8sTarget(ctx.kube, namespace, "deployment", name),
    params,
    warnings: [] as string[],
    plannedAt: new Date().toISOString(),
    data: {
      generation: d.metadata.generation ?? 0,
      fromRevision: parseRevision(d),
      toRevision: decision.revision,
      replicaSet: { name: rs.metadata.name, uid: rs.metadata.uid ?? "" },
      patch: decision.action === "patch" ? decision.patch : [],
    },
  };
  if (decision.action === "skip") {
    return { ...base, summary: `Nothing to do: ${decision.message}.`, diff: [], noop: decision.message };
  }
  const diff = [
    ...diffTemplates(d.spec.template, decision.template),
    ...diffAnnotations(d.metadata.annotations, decision.annotations),
  ];
  let dryRun;
  try {
    const after = await patchDeployment(
      ctx,
      namespace,
      name,
      [unchangedSince(base.data.generation), ...decision.patch],
      { dryRun: true },
    );
    dryRun = { ok: true, message: `the API server accepted the patch (dry run): images ${images(after)}` };
  } catch (e) {
    const message = operatorMessageOf(e);
    dryRun = { ok: false, message };
    base.warnings.push(`The server-side dry run failed: ${message}`);
  }
  const summary =
    `Roll back deployment "${name}" in "${namespace}" from revision ${base.data.fromRevision ?? "?"} (${images(d)}) ` +
    `to revision ${decision.revision} (${images(rs)}), as kubectl rollout undo${params.toRevision ? ` --to-revision=${params.toRevision}` : ""}. `;
  return { ...base, summary, diff, dryRun };
}

/** The patch, with one re-read and retry if the Deployment changed. Returns it as the server left it. */
async function patchWithRetry(
  ctx: StrategyContext,
  p: DeploymentUndoPlan,
  note: (s: string) => Promise<void>,
): Promise<{ d: Deployment; skipped?: string }> {
  const { namespace } = ctx;
  const name = p.params.deployment;
  try {
    return { d: await patchDeployment(ctx, namespace, name, [unchangedSince(p.data.generation), ...p.data.patch]) };
  } catch (e) {
    // A failed `test` op is a 422; a 409 can still come from the apiserver's own update path.
    if (!isAppError(e) || (e.code !== "conflict" && e.code !== "invalid")) throw e;
    const fresh = await getDeployment(ctx, namespace, name);
    if (e.code === "invalid" && fresh.metadata.generation === p.data.generation) throw e;
    await note(
      `the Deployment changed after the plan (generation ${p.data.generation} → ${fresh.metadata.generation}); re-reading and retrying once`,
    );
  }
  const d = await getDeployment(ctx, namespace, name);
  const rs = (await listReplicaSetsFor(ctx, d)).find(
    (r) => r.metadata.uid === p.data.replicaSet.uid && isControlledBy(r, d.metadata.uid),
  );
  if (!rs) {
    throw new AppError(
      "conflict",
      `deployment "${name}" changed after the plan and its ReplicaSet "${p.data.replicaSet.name}" (revision ${p.data.toRevision}) is gone; plan again`,
    );
  }
  const decision = decideForReplicaSet(d, rs, p.params.toRevision);
  if (decision.action === "skip") return { d, skipped: `already at the planned template (${decision.message})` };
  // Unconditional, like kubectl's own patch: the decision was just re-made from fresh state, and the
  // controller's status writes bump resourceVersion constantly during a rollout.
  return { d: await patchDeployment(ctx, namespace, name, decision.patch) };
}

/** The undo itself, as kubectl does it, for each kind. */
function executeUndo(ctx: StrategyContext, p: DeploymentUndoPlan, report: Reporter): Promise<ExecResult> {
  const kind = undoKindOf(p.params);
  if (kind !== "Deployment") return executeRevisionUndo(ctx, kind, p, report);
  const name = p.params.deployment;
  return patchThenRollout(p, report, {
    subject: `deployment "${name}"`,
    patchDetail: `JSON patch of deployment "${name}" to revision ${p.data.toRevision} (ReplicaSet ${p.data.replicaSet.name})`,
    async patch(note) {
      const patched = await patchWithRetry(ctx, p, note);
      return { skipped: patched.skipped, generation: patched.d.metadata.generation };
    },
    waitForRollout: (onProgress) => waitForRollout(ctx, ctx.namespace, name, { timeoutMs: ctx.timeoutMs, onProgress }),
  });
}

export const deploymentUndo: RollbackStrategy<DeploymentUndoParams, DeploymentUndoData> = {
  kind: "deployment-undo",
  paramsSchema: deploymentUndoParamsSchema,
  dataSchema: deploymentUndoDataSchema,
  parseParams: (input) => deploymentUndoParamsSchema.parse(input),
  // Capture keeps a Deployment's YAML and pod logs; it has no reader for the other kinds yet.
  captureTargets: (p) => (undoKindOf(p.params) === "Deployment" ? { deployment: p.params.deployment } : null),
  // The image the undo puts back, read from the patch's template (one container: one image to expect).
  expectedVersion(p) {
    const revisionTemplate = (p.data.revisionPatch?.spec as { template?: unknown } | undefined)?.template;
    const template = (revisionTemplate ?? p.data.patch.find((op) => op.path === "/spec/template")?.value) as
      Deployment["spec"]["template"] | undefined;
    const found = template ? templateImages(template) : [];
    return found.length === 1 ? { image: found[0].image } : undefined;
  },
  plan,

  async execute(ctx, p, report) {
    const result = await executeUndo(ctx, p, report);
    await annotateChangeCause(ctx, p, report, result);
    return result;
  },

  async verify(ctx, p) {
    const kind = undoKindOf(p.params);
    if (kind !== "Deployment") return verifyRevisionUndo(ctx, kind, p);
    const d = await getDeployment(ctx, ctx.namespace, p.params.deployment);
    const rs = (await listReplicaSetsFor(ctx, d)).find((r) => r.metadata.uid === p.data.replicaSet.uid);
    const status = evaluateRollout(d);
    const checks: Check[] = [
      { name: "rollout complete", ok: status.done, detail: status.message },
      rs
        ? {
            name: "template is the planned revision",
            ok: equalIgnoreHash(rs.spec.template, d.spec.template),
            detail: `images ${images(d)}; planned ${images(rs)}`,
          }
        : {
            name: "template is the planned revision",
            ok: false,
            detail: `ReplicaSet ${p.data.replicaSet.name} no longer exists`,
          },
    ];
    return checks;
  },
};

/** For callers holding only a CallContext (Services view): what `undo` would pick, without patching. */
export async function previewUndo(ctx: CallContext, namespace: string, name: string, toRevision = 0) {
  const d = await getDeployment(ctx, namespace, name);
  return decideUndo(d, await listReplicaSetsFor(ctx, d), toRevision);
}
