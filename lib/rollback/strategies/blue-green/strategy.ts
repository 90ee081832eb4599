/**
 * Blue-green: point the Service's selector back at the stable color, prove it (EndpointSlices list
 * only stable pods; optionally the version URL answers with the stable version), then, as its own
 * optional step, scale the bad color's Deployment to 0: the very objects the plan listed (by uid),
 * each scale dry-run in the plan.
 */
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { sleep } from "@/lib/k8s/abort";
import { k8s } from "@/lib/k8s/call";
import { scaleDeployment } from "@/lib/k8s/deployments";
import { dryRunSteps } from "@/lib/rollback/dry-run";
import { selectorMatches } from "@/lib/k8s/label-selector";
import { getService, patchServiceSelector, podLabels, serviceEndpoints, selectorString } from "@/lib/k8s/services";
import {
  k8sTarget,
  type Check,
  type Plan,
  type Reporter,
  type RollbackStrategy,
  type StrategyContext,
} from "@/lib/rollback/strategy";
import { withManagedBy, type ChangedObject } from "@/lib/gitops/plan-notes";
import { sampleVersions } from "@/lib/verify/version-sample";
import { blueGreenParamsSchema, type BlueGreenParams } from "./params";

export const blueGreenDataSchema = z.object({
  resourceVersion: z.string(),
  selectorBefore: z.record(z.string(), z.string()),
  selectorAfter: z.record(z.string(), z.string()),
  /** uid: the object the plan showed (absent in plans made before it was recorded). */
  badDeployments: z.array(z.object({ name: z.string(), replicas: z.number().int(), uid: z.string().optional() })),
});
export type BlueGreenData = z.infer<typeof blueGreenDataSchema>;
export type BlueGreenPlan = Plan<BlueGreenParams, BlueGreenData>;

async function plan(ctx: StrategyContext, params: BlueGreenParams): Promise<BlueGreenPlan> {
  const changed: ChangedObject[] = [];
  return withManagedBy(ctx, await planInner(ctx, params, changed), changed);
}

async function planInner(
  ctx: StrategyContext,
  params: BlueGreenParams,
  changed: ChangedObject[],
): Promise<BlueGreenPlan> {
  const { namespace } = ctx;
  const svc = await getService(ctx, namespace, params.service);
  changed.push({ label: `Service ${params.service}`, metadata: svc.metadata ?? {} });
  const before = { ...(svc.spec?.selector ?? {}) };
  const after = { ...before, [params.colorLabel]: params.stableColor };
  const warnings: string[] = [];
  const current = before[params.colorLabel];
  if (current !== params.badColor && current !== params.stableColor) {
    warnings.push(
      `Service "${params.service}" selects ${params.colorLabel}=${current ?? "(none)"}, not the bad color ${params.badColor}`,
    );
  }
  const deployments = await k8s(ctx, `list Deployments in "${namespace}"`, () =>
    ctx.kube.apps.listNamespacedDeployment({ namespace }),
  );
  const oldSel = { ...before, [params.colorLabel]: params.badColor };
  const bad = deployments.items
    .filter((d) =>
      params.badDeployments
        ? params.badDeployments.includes(d.metadata!.name!)
        : selectorMatches({ matchLabels: oldSel }, d.spec?.template.metadata?.labels),
    )
    .map((d) => ({ name: d.metadata!.name!, replicas: d.spec?.replicas ?? 1, uid: d.metadata?.uid }));
  if (params.scaleDown)
    for (const d of deployments.items)
      if (bad.some((b) => b.name === d.metadata?.name))
        changed.push({ label: `Deployment ${d.metadata!.name!}`, metadata: d.metadata ?? {} });
  const stablePods = await podLabels(ctx, namespace, selectorString(after));
  if (stablePods.size === 0)
    warnings.push(`No pods match ${selectorString(after)}: the Service would have no endpoints`);

  const base = {
    strategy: "blue-green",
    target: k8sTarget(ctx.kube, namespace, "service", params.service),
    params,
    warnings,
    plannedAt: new Date().toISOString(),
    data: {
      resourceVersion: svc.metadata?.resourceVersion ?? "",
      selectorBefore: before,
      selectorAfter: after,
      badDeployments: bad,
    },
  };
  const scaleDiff = params.scaleDown
    ? bad.map((d) => ({ path: `replicas ${d.name}`, before: d.replicas, after: 0 }))
    : [];
  if (current === params.stableColor) {
    const noop = `Service "${params.service}" already selects ${params.colorLabel}=${params.stableColor}`;
    return {
      ...base,
      summary: `${noop}.${params.scaleDown ? " Only the scale-down remains." : ""}`,
      diff: scaleDiff,
      noop: params.scaleDown ? undefined : noop,
    };
  }
  let accepted = "";
  const dryRun = await dryRunSteps([
    {
      label: "the selector",
      run: async () => {
        const res = await patchServiceSelector(
          ctx,
          namespace,
          params.service,
          { [params.colorLabel]: params.stableColor },
          { dryRun: true, resourceVersion: base.data.resourceVersion },
        );
        accepted = selectorString(res.spec?.selector ?? {});
      },
    },
    ...(params.scaleDown
      ? bad.map((d) => ({
          label: `the scale of deployment "${d.name}" to 0`,
          run: () => scaleDeployment(ctx, namespace, d.name, 0, { dryRun: true, uid: d.uid }),
        }))
      : []),
  ]);
  if (dryRun?.ok) dryRun.message = dryRun.message.replace("the selector", `the selector ${accepted}`);
  else if (dryRun) warnings.push(`The server-side dry run failed: ${dryRun.message}`);
  return {
    ...base,
    summary: `Switch Service "${params.service}" in "${namespace}" from ${params.colorLabel}=${current ?? "(none)"} to ${params.colorLabel}=${params.stableColor} (${stablePods.size} pods)${params.scaleDown && bad.length ? `, then scale ${bad.map((d) => d.name).join(", ")} to 0` : ""}.`,
    diff: [{ path: `selector ${params.colorLabel}`, before: current ?? null, after: params.stableColor }, ...scaleDiff],
    dryRun,
  };
}

async function switchSelector(ctx: StrategyContext, p: BlueGreenPlan, report: Reporter): Promise<void> {
  const { service, colorLabel, stableColor } = p.params;
  const patch = { [colorLabel]: stableColor };
  await report({
    step: "switch-selector",
    state: "running",
    detail: `${colorLabel}: ${p.data.selectorBefore[colorLabel] ?? "(none)"} → ${stableColor}`,
  });
  try {
    await patchServiceSelector(ctx, ctx.namespace, service, patch, { resourceVersion: p.data.resourceVersion });
  } catch (e) {
    if (!isAppError(e) || e.code !== "conflict") throw e;
    await report({
      step: "switch-selector",
      state: "running",
      detail: "the Service changed after the plan (409 Conflict); re-reading and retrying once",
    });
    const svc = await getService(ctx, ctx.namespace, service);
    if (svc.spec?.selector?.[colorLabel] !== stableColor) {
      await patchServiceSelector(ctx, ctx.namespace, service, patch);
    }
  }
  await report({
    step: "switch-selector",
    state: "succeeded",
    detail: `Service "${service}" selects ${colorLabel}=${stableColor}`,
  });
}

/** Waits until every endpoint is a stable-color pod and at least one is ready. */
async function confirmEndpoints(ctx: StrategyContext, p: BlueGreenPlan, report: Reporter): Promise<string[]> {
  const { service, colorLabel, stableColor } = p.params;
  await report({
    step: "confirm-endpoints",
    state: "running",
    detail: `waiting for the endpoints of "${service}" to be ${colorLabel}=${stableColor} pods only`,
  });
  const deadline = Date.now() + ctx.timeoutMs;
  let last = "";
  for (;;) {
    const [eps, stable] = await Promise.all([
      serviceEndpoints(ctx, ctx.namespace, service),
      podLabels(ctx, ctx.namespace, selectorString(p.data.selectorAfter)),
    ]);
    const other = eps.filter((e) => !e.pod || !stable.has(e.pod));
    const ready = eps.filter((e) => e.ready && e.pod && stable.has(e.pod)).map((e) => e.pod!);
    last = `${ready.length} ready ${stableColor} endpoint(s), ${other.length} other`;
    if (other.length === 0 && ready.length > 0) {
      await report({ step: "confirm-endpoints", state: "succeeded", detail: `${last}: ${ready.join(", ")}` });
      return ready;
    }
    if (Date.now() > deadline) {
      const err = new AppError(
        "timeout",
        `Service "${service}" does not route only to ${colorLabel}=${stableColor} pods after ${Math.round(ctx.timeoutMs / 1000)}s: ${last}`,
      );
      await report({ step: "confirm-endpoints", state: "failed", detail: err.userMessage });
      throw err;
    }
    await sleep(500, ctx.signal);
  }
}

/** The optional, separate step: scale the bad color to 0. */
export async function scaleDownBadColor(ctx: StrategyContext, p: BlueGreenPlan, report: Reporter): Promise<void> {
  for (const d of p.data.badDeployments) {
    await report({ step: `scale-down ${d.name}`, state: "running", detail: `${d.replicas} → 0` });
    await scaleDeployment(ctx, ctx.namespace, d.name, 0, { uid: d.uid });
    await report({ step: `scale-down ${d.name}`, state: "succeeded", detail: `deployment "${d.name}" scaled to 0` });
  }
}

export const blueGreen: RollbackStrategy<BlueGreenParams, BlueGreenData> = {
  kind: "blue-green",
  paramsSchema: blueGreenParamsSchema,
  dataSchema: blueGreenDataSchema,
  parseParams: (input) => blueGreenParamsSchema.parse(input),
  captureTargets: (p) => ({ service: p.params.service, deployment: p.data.badDeployments[0]?.name }),
  expectedVersion: () => undefined,
  plan,
  async execute(ctx, p, report) {
    if (p.noop) {
      await report({ step: "switch-selector", state: "skipped", detail: p.noop });
      return { outcome: "skipped", message: p.noop };
    }
    await switchSelector(ctx, p, report);
    const endpoints = await confirmEndpoints(ctx, p, report);
    let versions;
    if (p.params.versionUrl) {
      await report({
        step: "sample-version",
        state: "running",
        detail: `${p.params.samples} requests to ${p.params.versionUrl}`,
      });
      versions = await sampleVersions(p.params.versionUrl, {
        samples: p.params.samples,
        fetch: ctx.fetch,
        signal: ctx.signal,
      });
      const tally = Object.entries(versions.counts)
        .map(([v, n]) => `${v} ×${n}`)
        .join(", ");
      await report({ step: "sample-version", state: "succeeded", detail: tally, data: versions });
    }
    if (p.params.scaleDown) await scaleDownBadColor(ctx, p, report);
    return {
      outcome: "succeeded",
      message: `Service "${p.params.service}" routes to ${p.params.colorLabel}=${p.params.stableColor}`,
      data: { endpoints, versions },
    };
  },
  async verify(ctx, p) {
    const svc = await getService(ctx, ctx.namespace, p.params.service);
    const selected = svc.spec?.selector?.[p.params.colorLabel];
    const eps = await serviceEndpoints(ctx, ctx.namespace, p.params.service);
    const stable = await podLabels(ctx, ctx.namespace, selectorString(p.data.selectorAfter));
    const checks: Check[] = [
      {
        name: "selector",
        ok: selected === p.params.stableColor,
        detail: `${p.params.colorLabel}=${selected ?? "(none)"}`,
      },
      {
        name: "endpoints",
        ok: eps.length > 0 && eps.every((e) => e.pod && stable.has(e.pod)),
        detail: `${eps.filter((e) => e.pod && stable.has(e.pod)).length}/${eps.length} endpoints are ${p.params.stableColor} pods`,
      },
    ];
    if (p.params.versionUrl) {
      const v = await sampleVersions(p.params.versionUrl, {
        samples: p.params.samples,
        fetch: ctx.fetch,
        signal: ctx.signal,
      });
      const keys = Object.keys(v.counts);
      checks.push({
        name: "version",
        ok: keys.length === 1 && !keys[0].startsWith("error"),
        detail: keys.map((k) => `${k} ×${v.counts[k]}`).join(", "),
      });
    }
    return checks;
  },
};
