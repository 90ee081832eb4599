/**
 * Helm release rollback by the real `helm rollback` (the binary in RCC_HELM_BIN, else `helm` on
 * PATH), so the objects and the release history are exactly what helm leaves. The plan reads the
 * release's records from its Secrets (lib/helm/history.ts) and never writes; execute runs
 * `helm rollback <release> <revision> --namespace <ns> --wait --timeout <rollout timeout>` with a
 * one-context kubeconfig of the service's cluster (a 0600 temp file, removed after), each output
 * line on the timeline; verify reads the records again. The plan's managed-by notes are about the
 * release's workloads (./managed-objects.ts), leaving out Helm itself: the release is what rolls back.
 * @see https://github.com/helm/helm/blob/main/pkg/action/rollback.go
 * @see https://github.com/helm/helm/blob/main/pkg/cmd/rollback.go
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import { readReleaseHistory } from "@/lib/helm/history";
import { withKubeconfigFile } from "@/lib/helm/kubeconfig";
import { manifestDiff } from "@/lib/helm/manifest-diff";
import { chooseRevision, describeChart, pendingRevisions, type HelmRevision } from "@/lib/helm/release";
import { runHelm } from "@/lib/helm/run-helm";
import { withManagedBy } from "@/lib/gitops/plan-notes";
import { k8sTarget, type Check, type Plan, type RollbackStrategy, type StrategyContext } from "@/lib/rollback/strategy";
import { releaseWorkloads } from "./managed-objects";
import { helmRollbackParamsSchema, type HelmRollbackParams } from "./params";

const chartSchema = z.object({
  chart: z.string(),
  version: z.string(),
  appVersion: z.string().optional(),
  status: z.string(),
});
export const helmRollbackDataSchema = z.object({
  namespace: z.string(),
  currentRevision: z.number().int(),
  targetRevision: z.number().int(),
  current: chartSchema,
  target: chartSchema,
  /** sha256 of the target revision's manifest: what the new revision must hold afterwards. */
  targetManifestSha256: z.string(),
});
export type HelmRollbackData = z.infer<typeof helmRollbackDataSchema>;
export type HelmRollbackPlan = Plan<HelmRollbackParams, HelmRollbackData>;

const STEP = "helm-rollback";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const chartOf = (r: HelmRevision) => ({
  chart: r.release.chart.metadata.name,
  version: r.release.chart.metadata.version,
  appVersion: r.release.chart.metadata.appVersion,
  status: r.release.info.status,
});
const chartLine = (c: z.infer<typeof chartSchema>) => `${c.chart}-${c.version}`;

async function plan(ctx: StrategyContext, params: HelmRollbackParams): Promise<HelmRollbackPlan> {
  const ns = ctx.namespace;
  const history = await readReleaseHistory(ctx, ns, params.release);
  const { current, target } = chooseRevision(params.release, history, params.toRevision);
  const [cur, tgt] = [current.release, target.release];
  const warnings: string[] = [];
  for (const p of pendingRevisions(history))
    warnings.push(
      `Revision ${p.release.version} is ${p.release.info.status}: another Helm operation may be in progress, or one was interrupted (helm history ${params.release} -n ${ns}).`,
    );
  if (tgt.info.status === "failed")
    warnings.push(`Revision ${tgt.version} is itself a failed revision (${tgt.info.description ?? "no description"}).`);
  if (tgt.version === cur.version)
    warnings.push(`Revision ${tgt.version} is the current revision: helm re-applies it as a new revision.`);
  const diff = [
    { path: "revision", before: cur.version, after: `${cur.version + 1} (a copy of revision ${tgt.version})` },
    ...(cur.chart.metadata.name !== tgt.chart.metadata.name || cur.chart.metadata.version !== tgt.chart.metadata.version
      ? [{ path: "chart", before: describeChart(cur), after: describeChart(tgt) }]
      : []),
    ...(cur.chart.metadata.appVersion !== tgt.chart.metadata.appVersion
      ? [
          {
            path: "app version",
            before: cur.chart.metadata.appVersion ?? null,
            after: tgt.chart.metadata.appVersion ?? null,
          },
        ]
      : []),
    ...manifestDiff(cur.manifest, tgt.manifest),
  ];
  const plan: HelmRollbackPlan = {
    strategy: "helm-rollback",
    target: k8sTarget(ctx.kube, ns, "helmrelease", params.release),
    summary:
      `helm rollback ${params.release} ${tgt.version} -n ${ns}: from revision ${cur.version} (${describeChart(cur)}, ${cur.info.status}) ` +
      `to revision ${tgt.version}'s chart, values and manifests (${describeChart(tgt)}), recorded as revision ${cur.version + 1}.`,
    diff,
    warnings,
    params,
    data: {
      namespace: ns,
      currentRevision: cur.version,
      targetRevision: tgt.version,
      current: chartOf(current),
      target: chartOf(target),
      targetManifestSha256: sha256(tgt.manifest),
    },
    plannedAt: new Date().toISOString(),
  };
  return withManagedBy(ctx, plan, await releaseWorkloads(ctx, ns, cur.manifest), { ignore: ["helm"] });
}

/** The revision this rollback would have made: newer than the plan's current, deployed, the target's manifest. */
function rolledBack(p: HelmRollbackPlan, newest: HelmRevision | undefined) {
  const r = newest?.release;
  return (
    !!r &&
    r.version > p.data.currentRevision &&
    r.info.status === "deployed" &&
    r.chart.metadata.name === p.data.target.chart &&
    r.chart.metadata.version === p.data.target.version &&
    sha256(r.manifest) === p.data.targetManifestSha256
  );
}

async function execute(ctx: StrategyContext, p: HelmRollbackPlan, report: Parameters<RollbackStrategy["execute"]>[2]) {
  const { release } = p.params;
  const ns = p.data.namespace;
  const newest = (await readReleaseHistory(ctx, ns, release)).at(-1);
  // Bound to the history the plan showed: a run resumed after helm finished converges; anything
  // else that moved the release since the plan (another upgrade, an interrupted helm) is refused.
  if (newest && newest.release.version !== p.data.currentRevision) {
    if (newest.release.version === p.data.currentRevision + 1 && rolledBack(p, newest)) {
      const message = `${release} is already at revision ${newest.release.version}, a copy of revision ${p.data.targetRevision}`;
      await report({ step: STEP, state: "skipped", detail: message });
      return { outcome: "skipped" as const, message };
    }
    const why = `${release} is at revision ${newest.release.version} (${newest.release.info.status}), not ${p.data.currentRevision} as planned; plan again`;
    await report({ step: STEP, state: "failed", detail: why });
    throw new AppError("conflict", why);
  }
  const timeoutSec = Math.max(1, Math.round(ctx.timeoutMs / 1000));
  const args = [
    "rollback",
    release,
    String(p.data.targetRevision),
    "--namespace",
    ns,
    "--wait",
    "--timeout",
    `${timeoutSec}s`,
  ];
  await report({ step: STEP, state: "running", detail: `helm ${args.join(" ")}` });
  let run;
  try {
    run = await withKubeconfigFile(ctx.kube, ns, (kubeconfig, home) =>
      // --debug: helm's log lines (the revision it writes, "waiting for resource …") are the progress.
      runHelm([...args, "--debug"], {
        kubeconfig,
        home,
        signal: ctx.signal,
        onLine: (line) => report({ step: STEP, state: "running", detail: line }),
      }),
    );
  } catch (e) {
    await report({ step: STEP, state: "failed", detail: operatorMessageOf(e) });
    throw e;
  }
  if (run.code !== 0) {
    const reason = run.error ?? run.lines.at(-1) ?? `helm exited ${run.code}`;
    await report({ step: STEP, state: "failed", detail: reason });
    throw new AppError("failed", `helm rollback ${release} ${p.data.targetRevision} failed: ${reason}`);
  }
  const message = `${release} rolled back to revision ${p.data.targetRevision} (${chartLine(p.data.target)}) as revision ${p.data.currentRevision + 1}`;
  const said = run.lines.find((l) => l.startsWith("Rollback was a success")) ?? run.lines.at(-1);
  await report({ step: STEP, state: "succeeded", detail: said ?? message });
  return { outcome: "succeeded" as const, message };
}

async function verify(ctx: StrategyContext, p: HelmRollbackPlan): Promise<Check[]> {
  let newest: HelmRevision | undefined;
  try {
    newest = (await readReleaseHistory(ctx, p.data.namespace, p.params.release)).at(-1);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return [{ name: "helm release", ok: false, detail: e.userMessage }];
  }
  const r = newest?.release;
  const sameManifest = !!r && sha256(r.manifest) === p.data.targetManifestSha256;
  return [
    {
      name: "helm release",
      ok: rolledBack(p, newest),
      detail: r
        ? `revision ${r.version} is ${r.info.status}, ${describeChart(r)}, manifests ${sameManifest ? "equal to" : "differ from"} revision ${p.data.targetRevision}'s`
        : "no release records",
    },
  ];
}

export const helmRollback: RollbackStrategy<HelmRollbackParams, HelmRollbackData> = {
  kind: "helm-rollback",
  paramsSchema: helmRollbackParamsSchema,
  dataSchema: helmRollbackDataSchema,
  parseParams: (input) => helmRollbackParamsSchema.parse(input),
  captureTargets: () => null,
  expectedVersion: () => undefined,
  plan,
  execute,
  verify,
};
