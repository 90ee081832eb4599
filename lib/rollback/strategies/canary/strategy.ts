/**
 * Canary: step the canary's weight down (default 5 % then 0 %) in an Istio VirtualService or a
 * Gateway API HTTPRoute, pausing between steps, then scale the canary Deployment to 0 or delete it.
 * Every step re-reads the route, so a step after a long pause never writes stale indices. The
 * Deployment's removal is bound to the object the plan showed: its uid (a Deployment re-created
 * under the same name is never touched) and, for a delete, its spec generation, with the apiserver's
 * delete preconditions closing the gap between our read and the delete. All of it is dry-run in
 * the plan.
 */
import { k8sObject } from "@/lib/rollback/plan-schemas";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { z } from "zod";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import { sleep } from "@/lib/k8s/abort";
import { k8s, type CallContext } from "@/lib/k8s/call";
import { deleteDeployment, getDeployment, scaleDeployment } from "@/lib/k8s/deployments";
import { httpStatusOf } from "@/lib/k8s/errors";
import type { JsonPatchOp } from "@/lib/k8s/types";
import { dryRunSteps } from "@/lib/rollback/dry-run";
import {
  k8sTarget,
  type Check,
  type DiffEntry,
  type Plan,
  type RollbackStrategy,
  type StrategyContext,
} from "@/lib/rollback/strategy";
import {
  ROUTE_API,
  currentCanaryWeight,
  findWeights,
  remainingSteps,
  weightOps,
  type RouteKind,
  type RuleWeights,
} from "@/lib/rollback/strategies/canary/routes";
import { withManagedBy, type ChangedObject } from "@/lib/gitops/plan-notes";
import { canaryParamsSchema, type CanaryParams } from "./params";

export const canaryDataSchema = z.object({
  apiVersion: z.string(),
  steps: z.array(z.number().int()),
  weightsBefore: z.array(k8sObject<RuleWeights>()),
  /** The canary Deployment as planned (absent in plans made before it was recorded). */
  canaryDeployment: z.object({ uid: z.string(), generation: z.number().int(), replicas: z.number().int() }).optional(),
});
export type CanaryData = z.infer<typeof canaryDataSchema>;
export type CanaryPlan = Plan<CanaryParams, CanaryData>;

interface Route {
  metadata: { resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Reads the route; for Istio falls back from v1 to v1beta1 (older meshes serve only the latter). */
export async function readRoute(
  ctx: CallContext,
  namespace: string,
  kind: RouteKind,
  name: string,
  version?: string,
): Promise<{ route: Route; version: string }> {
  const api = ROUTE_API[kind];
  let lastErr: unknown;
  for (const v of version ? [version] : api.versions) {
    try {
      const route = (await k8s(ctx, `read ${api.kind} "${namespace}/${name}"`, () =>
        ctx.kube.custom.getNamespacedCustomObject({
          group: api.group,
          version: v,
          namespace,
          plural: api.plural,
          name,
        }),
      )) as Route;
      return { route, version: v };
    } catch (e) {
      // 404 for the object and 404 for an unserved version look alike; only the last one counts.
      if (httpStatusOf(e) !== 404) throw e;
      lastErr = e;
    }
  }
  throw lastErr;
}

function patchRoute(
  ctx: CallContext,
  namespace: string,
  kind: RouteKind,
  version: string,
  name: string,
  ops: JsonPatchOp[],
  dryRun = false,
) {
  const api = ROUTE_API[kind];
  return k8s(ctx, `${dryRun ? "dry-run patch" : "patch"} ${api.kind} "${namespace}/${name}"`, () =>
    ctx.kube.custom.patchNamespacedCustomObject(
      { group: api.group, version, namespace, plural: api.plural, name, body: ops, dryRun: dryRun ? "All" : undefined },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    ),
  ) as Promise<Route>;
}

function weightDiff(p: CanaryParams, found: RuleWeights[], w: number): DiffEntry[] {
  return found.flatMap((f) => [
    { path: `weight ${p.canaryBackend} (rule ${f.rule})`, before: f.canary.weight, after: w },
    { path: `weight ${p.stableBackend} (rule ${f.rule})`, before: f.stable.weight, after: 100 - w },
  ]);
}

async function plan(ctx: StrategyContext, params: CanaryParams): Promise<CanaryPlan> {
  const changed: ChangedObject[] = [];
  return withManagedBy(ctx, await planInner(ctx, params, changed), changed);
}

async function planInner(ctx: StrategyContext, params: CanaryParams, changed: ChangedObject[]): Promise<CanaryPlan> {
  const { namespace } = ctx;
  const { route, version } = await readRoute(ctx, namespace, params.routeKind, params.routeName);
  changed.push({ label: `${ROUTE_API[params.routeKind].kind} ${params.routeName}`, metadata: route.metadata });
  const found = findWeights(params.routeKind, route.spec, params.stableBackend, params.canaryBackend);
  const steps = remainingSteps(currentCanaryWeight(found), params.steps);
  const warnings = found
    .filter((f) => f.others > 0)
    .map((f) => `rule ${f.rule} has ${f.others} other backend(s); their weights are left as they are`);
  const diff = steps.length ? weightDiff(params, found, steps[steps.length - 1]) : [];
  let planned: CanaryData["canaryDeployment"];
  if (params.canaryDeployment) {
    try {
      const current = await getDeployment(ctx, namespace, params.canaryDeployment);
      changed.push({ label: `Deployment ${params.canaryDeployment}`, metadata: current.metadata });
      planned = {
        uid: current.metadata.uid ?? "",
        generation: current.metadata.generation ?? 0,
        replicas: current.spec.replicas ?? 1,
      };
      diff.push(
        params.finalAction === "delete"
          ? { path: `deployment ${params.canaryDeployment}`, before: "exists", after: "deleted" }
          : { path: `replicas ${params.canaryDeployment}`, before: planned.replicas, after: 0 },
      );
    } catch (e) {
      if (httpStatusOf(e) !== 404) throw e;
      warnings.push(`canary Deployment "${params.canaryDeployment}" does not exist; nothing to ${params.finalAction}`);
    }
  }
  const dryRunPlan: { label: string; run: () => Promise<unknown> }[] = [];
  if (steps.length) {
    dryRunPlan.push({
      label: `canary weight ${steps[steps.length - 1]}`,
      run: () =>
        patchRoute(
          ctx,
          namespace,
          params.routeKind,
          version,
          params.routeName,
          weightOps(params.routeKind, found, steps[steps.length - 1], route.metadata.resourceVersion),
          true,
        ),
    });
  }
  if (planned) {
    const name = params.canaryDeployment!;
    dryRunPlan.push(
      params.finalAction === "delete"
        ? {
            label: `the delete of deployment "${name}"`,
            run: () => deleteDeployment(ctx, namespace, name, { dryRun: true, preconditions: { uid: planned.uid } }),
          }
        : {
            label: `the scale of deployment "${name}" to 0`,
            run: () => scaleDeployment(ctx, namespace, name, 0, { dryRun: true, uid: planned.uid }),
          },
    );
  }
  const dryRun = await dryRunSteps(dryRunPlan);
  if (dryRun && !dryRun.ok) warnings.push(`The server-side dry run failed: ${dryRun.message}`);
  const kindName = ROUTE_API[params.routeKind].kind;
  const noop =
    diff.length === 0
      ? `${kindName} "${params.routeName}" already sends no traffic to "${params.canaryBackend}"`
      : undefined;
  return {
    strategy: "canary",
    target: k8sTarget(ctx.kube, namespace, kindName, params.routeName),
    summary:
      noop ??
      `Step "${params.canaryBackend}" down in ${kindName} "${params.routeName}" through ${steps.map((w) => `${w}%`).join(" → ") || "(no weight change)"}` +
        `${steps.length > 1 ? `, pausing ${Math.round(params.pauseMs / 1000)}s between steps` : ""}` +
        `${params.canaryDeployment ? `, then ${params.finalAction === "delete" ? "delete" : "scale to 0"} deployment "${params.canaryDeployment}"` : ""}.`,
    diff,
    dryRun,
    noop,
    warnings,
    params,
    data: { apiVersion: version, steps, weightsBefore: found, canaryDeployment: planned },
    plannedAt: new Date().toISOString(),
  };
}

/**
 * Sets the canary weight from a fresh read; one re-read and retry if the route changed in between.
 * A rollback only ever lowers the canary's share: when every rule already gives it `w` or less (a
 * resumed run after a later step, or someone drained it by hand), nothing is patched, so a second
 * runner re-running the steps never sends traffic back to the canary. Returns false when skipped.
 */
async function setWeight(ctx: StrategyContext, p: CanaryPlan, w: number): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const { route } = await readRoute(ctx, ctx.namespace, p.params.routeKind, p.params.routeName, p.data.apiVersion);
    const found = findWeights(p.params.routeKind, route.spec, p.params.stableBackend, p.params.canaryBackend);
    if (found.length > 0 && found.every((r) => r.canary.weight <= w)) return false;
    try {
      await patchRoute(
        ctx,
        ctx.namespace,
        p.params.routeKind,
        p.data.apiVersion,
        p.params.routeName,
        weightOps(p.params.routeKind, found, w, attempt === 0 ? route.metadata.resourceVersion : undefined),
      );
      return true;
    } catch (e) {
      // 409: resourceVersion moved; 422 from a failed `test` op: a backend moved. Both mean re-read;
      // the retry keeps the identity tests but drops the resourceVersion, like a fresh kubectl patch.
      const retryable = isAppError(e) && (e.code === "conflict" || e.code === "invalid");
      if (!retryable || attempt >= 1) throw e;
    }
  }
}

/**
 * Scales to 0 or deletes the canary Deployment the plan showed, never another one: a different uid
 * (re-created under the name) or, for a delete, a changed spec refuses with 409 and deletes nothing.
 * A crashing canary's status churns its resourceVersion, not its generation: the delete's
 * resourceVersion precondition comes from the read just before it, re-read on a 409.
 */
async function removeCanary(ctx: StrategyContext, p: CanaryPlan, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const d = await getDeployment(ctx, ctx.namespace, name);
    const planned = p.data.canaryDeployment ?? {
      uid: d.metadata.uid ?? "",
      generation: d.metadata.generation ?? 0,
      replicas: d.spec.replicas ?? 1,
    };
    if (d.metadata.uid !== planned.uid) {
      throw new AppError(
        "conflict",
        `deployment "${name}" was replaced after the plan (another object now has the name); it was left as it is: plan again to review it`,
      );
    }
    if (p.params.finalAction === "scale-to-zero") {
      await scaleDeployment(ctx, ctx.namespace, name, 0, { uid: planned.uid });
      return;
    }
    if ((d.metadata.generation ?? 0) !== planned.generation) {
      throw new AppError(
        "conflict",
        `deployment "${name}" changed after the plan (generation ${planned.generation} → ${d.metadata.generation}); it was not deleted: plan again to review it`,
      );
    }
    try {
      await deleteDeployment(ctx, ctx.namespace, name, {
        preconditions: { uid: planned.uid, resourceVersion: d.metadata.resourceVersion },
      });
      return;
    } catch (e) {
      if (!(isAppError(e) && e.code === "conflict") || attempt >= 4) throw e;
    }
  }
}

export const canary: RollbackStrategy<CanaryParams, CanaryData> = {
  kind: "canary",
  paramsSchema: canaryParamsSchema,
  dataSchema: canaryDataSchema,
  parseParams: (input) => canaryParamsSchema.parse(input),
  captureTargets: (p) => ({
    deployment: p.params.canaryDeployment,
    route: { kind: p.params.routeKind, name: p.params.routeName },
  }),
  expectedVersion: () => undefined,
  plan,
  async execute(ctx, p, report) {
    if (p.noop) {
      await report({ step: "weights", state: "skipped", detail: p.noop });
      return { outcome: "skipped", message: p.noop };
    }
    const { steps } = p.data;
    const pause = async (next: string) => {
      await report({
        step: `pause before ${next}`,
        state: "running",
        detail: `${Math.round(p.params.pauseMs / 1000)}s before ${next}`,
      });
      await sleep(p.params.pauseMs, ctx.signal);
    };
    for (let i = 0; i < steps.length; i++) {
      if (i > 0) await pause(`${steps[i]}%`);
      const step = `weight-${steps[i]}`;
      await report({
        step,
        state: "running",
        detail: `${p.params.canaryBackend} ${steps[i]}%, ${p.params.stableBackend} ${100 - steps[i]}%`,
      });
      let changed: boolean;
      try {
        changed = await setWeight(ctx, p, steps[i]);
      } catch (e) {
        await report({ step, state: "failed", detail: operatorMessageOf(e) });
        throw e;
      }
      await report(
        changed
          ? { step, state: "succeeded", detail: `${p.params.canaryBackend} now receives ${steps[i]}%` }
          : { step, state: "skipped", detail: `${p.params.canaryBackend} already receives ${steps[i]}% or less` },
      );
    }
    const name = p.params.canaryDeployment;
    if (name) {
      if (steps.length) await pause(p.params.finalAction);
      const step = p.params.finalAction;
      await report({ step, state: "running", detail: `deployment "${name}"` });
      try {
        await removeCanary(ctx, p, name);
        await report({
          step,
          state: "succeeded",
          detail: `deployment "${name}" ${p.params.finalAction === "delete" ? "deleted" : "scaled to 0"}`,
        });
      } catch (e) {
        if (httpStatusOf(e) !== 404) {
          await report({ step, state: "failed", detail: operatorMessageOf(e) });
          throw e;
        }
        await report({ step, state: "skipped", detail: `deployment "${name}" does not exist` });
      }
    }
    return {
      outcome: "succeeded",
      message: `"${p.params.canaryBackend}" receives no traffic from ${ROUTE_API[p.params.routeKind].kind} "${p.params.routeName}"`,
    };
  },
  async verify(ctx, p) {
    const { route } = await readRoute(ctx, ctx.namespace, p.params.routeKind, p.params.routeName, p.data.apiVersion);
    const w = currentCanaryWeight(
      findWeights(p.params.routeKind, route.spec, p.params.stableBackend, p.params.canaryBackend),
    );
    const target = p.data.steps.length ? p.data.steps[p.data.steps.length - 1] : 0;
    const checks: Check[] = [
      { name: "canary weight", ok: w === target, detail: `${p.params.canaryBackend} receives ${w}%` },
    ];
    if (p.params.canaryDeployment) {
      try {
        const d = await getDeployment(ctx, ctx.namespace, p.params.canaryDeployment);
        const ok = p.params.finalAction === "scale-to-zero" && d.spec.replicas === 0;
        checks.push({
          name: "canary deployment",
          ok,
          detail: `replicas ${d.spec.replicas}, ${d.status?.replicas ?? 0} pods`,
        });
      } catch (e) {
        if (httpStatusOf(e) !== 404) throw e;
        checks.push({ name: "canary deployment", ok: true, detail: "deleted" });
      }
    }
    return checks;
  },
};
