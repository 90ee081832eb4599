/**
 * Disaster-recovery escalation, offered when a rollback fails or on command. Five steps, each its
 * own confirmable unit: `params.steps` selects which run (in this order), so the commander confirms
 * them one at a time or together, and a failed step is retried alone (a new action with just it):
 *   failover       server-side apply of the last known good Deployment in the DR context, wait ready
 *   dns            the DNS-switch webhook (Idempotency-Key per plan)
 *   page           PagerDuty Events API v2 trigger (dedup_key per failover target: a retry joins the alert)
 *   status-notice  handed to the comms module's hook (lib/dr/notify.ts), else recorded
 *   bridge         shows the bridge line from the service's config
 * Endpoints, keys and the DR kubeconfig path are read from RCC_SERVICE_* env vars named in params.
 */
import { k8sObject } from "@/lib/rollback/plan-schemas";
import { z } from "zod";
import { readServiceEnv } from "@/lib/database-rollback/connection";
import { db } from "@/lib/db";
import { applyDeployment, drClients, readDrDeployment } from "@/lib/rollback/strategies/dr-failover/cluster";
import {
  deploymentFromYaml,
  drManifest,
  pickReplicaSet,
  type DrManifest,
} from "@/lib/rollback/strategies/dr-failover/manifest";
import {
  PAGERDUTY_DEFAULT_URL,
  callDnsWebhook,
  originOf,
  postStatusNotice,
  triggerPage,
} from "@/lib/rollback/strategies/dr-failover/notify";
import { AppError, isAppError } from "@/lib/errors";
import { templateImages } from "@/lib/k8s/deployment-state";
import { getDeployment, listReplicaSetsFor } from "@/lib/k8s/deployments";
import { evaluateRollout, waitForRollout } from "@/lib/k8s/rollout-status";
import type { Deployment } from "@/lib/k8s/types";
import type { Check, DiffEntry, Plan, Reporter, RollbackStrategy, StrategyContext } from "@/lib/rollback/strategy";
import { REDACTED } from "@/lib/rollback/redact";
import { DR_STEPS, drFailoverParamsSchema, type DrFailoverParams, type DrStep } from "./params";

export const drFailoverDataSchema = z.object({
  drContext: z.string(),
  drNamespace: z.string(),
  manifest: k8sObject<DrManifest>().nullable(),
  origin: z.string().nullable(),
  idempotencyKey: z.string(),
  dedupKey: z.string(),
  statusNotice: z.string(),
});
export type DrFailoverData = z.infer<typeof drFailoverDataSchema>;
export type DrFailoverPlan = Plan<DrFailoverParams, DrFailoverData>;

const images = (t: Deployment["spec"]["template"]) =>
  templateImages(t)
    .map((i) => `${i.container}=${i.image}`)
    .join(", ");
// Step errors reach the timeline and chat: an AppError's fixed sentence, never a raw message (fs,
// fetch and client errors quote paths, URLs and bodies, i.e. whatever an env var holds).
const msg = (e: unknown, signal?: AbortSignal) =>
  isAppError(e) ? e.userMessage : signal?.aborted ? "cancelled" : "an unexpected error (details kept off the timeline)";
const has = (p: DrFailoverParams, s: DrStep) => p.steps.includes(s);

async function goodManifest(
  ctx: StrategyContext,
  p: DrFailoverParams,
  drNamespace: string,
): Promise<{ manifest: DrManifest; origin: string }> {
  if (p.source === "artifact") {
    if (!p.artifactId) throw new AppError("invalid", "source artifact needs artifactId (a captured deployment YAML)");
    const art = await db.artifact.findUnique({
      where: { id: p.artifactId },
      select: { name: true, content: true, createdAt: true },
    });
    if (!art) throw new AppError("not_found", `artifact ${p.artifactId} does not exist`);
    const d = deploymentFromYaml(art.content);
    if (d.metadata.name !== p.deployment)
      throw new AppError("invalid", `artifact ${art.name} is deployment "${d.metadata.name}", not "${p.deployment}"`);
    const origin = `artifact ${art.name} captured ${art.createdAt.toISOString()}`;
    return {
      manifest: drManifest(d, d.spec.template, { namespace: drNamespace, replicas: p.replicas, origin }),
      origin,
    };
  }
  const d = await getDeployment(ctx, ctx.namespace, p.deployment);
  const { rs, revision } = pickReplicaSet(d, await listReplicaSetsFor(ctx, d), p.revision);
  const origin = `${ctx.kube.context}/${ctx.namespace}/${p.deployment} revision ${revision}`;
  return {
    manifest: drManifest(d, rs.spec.template, { namespace: drNamespace, replicas: p.replicas, origin }),
    origin,
  };
}

async function plan(ctx: StrategyContext, params: DrFailoverParams): Promise<DrFailoverPlan> {
  const drNamespace = params.drNamespace ?? ctx.namespace;
  const dr = drClients(params.drContext, params.drKubeconfigEnv);
  const target = `dr/${dr.context}/${drNamespace}/deployment/${params.deployment}`;
  const plannedAt = new Date().toISOString();
  const warnings: string[] = [];
  const diff: DiffEntry[] = [];
  let manifest: DrManifest | null = null;
  let origin: string | null = null;
  let dryRun;
  const envCheck = (name: string | undefined, what: string, required = true) => {
    if (!name) return required ? void warnings.push(`${what}: not configured (no env var named)`) : undefined;
    try {
      return readServiceEnv(name, what);
    } catch (e) {
      warnings.push(msg(e));
    }
  };
  if (has(params, "failover")) {
    ({ manifest, origin } = await goodManifest(ctx, params, drNamespace));
    // Captured YAML never stores env values or secrets, so such a manifest cannot be deployed as it
    // is: refuse rather than start the DR copy with "[redacted]" as its configuration.
    if (params.source === "artifact" && JSON.stringify(manifest).includes(REDACTED))
      throw new AppError(
        "invalid",
        "The captured YAML of this Deployment had inline env values or secrets, which are not stored: fail over from the primary's revision instead (source: primary), or move those values to Secrets (valueFrom).",
      );
    const drCtx = { kube: dr, signal: ctx.signal };
    let existing: Deployment | null = null;
    try {
      existing = await readDrDeployment(drCtx, drNamespace, params.deployment);
      await applyDeployment(drCtx, manifest, true);
      dryRun = { ok: true, message: `the DR API server (${dr.context}) accepted the Deployment (dry run)` };
    } catch (e) {
      dryRun = { ok: false, message: msg(e) };
      warnings.push(`The DR dry run failed: ${msg(e)}`);
    }
    const show = (d: { spec: Deployment["spec"] }) => `${images(d.spec.template)} ×${d.spec.replicas ?? 1}`;
    diff.push({
      path: `dr deployment ${params.deployment}`,
      before: existing ? show(existing) : "absent",
      after: show(manifest),
    });
  }
  if (has(params, "dns")) {
    const url = envCheck(params.dnsWebhookUrlEnv, "DNS-switch webhook");
    diff.push({
      path: "dns",
      before: ctx.kube.context,
      after: `${dr.context} (webhook ${url ? originOf(url) : "not configured"})`,
    });
  }
  if (has(params, "page")) {
    envCheck(params.pagingRoutingKeyEnv, "paging routing key");
    const base = params.pagingUrlEnv ? envCheck(params.pagingUrlEnv, "paging endpoint") : PAGERDUTY_DEFAULT_URL;
    diff.push({ path: "page", before: null, after: `trigger (critical) via ${base ? originOf(base) : "?"}` });
  }
  const statusNotice =
    params.statusNotice ??
    `We are moving ${params.deployment} to our disaster-recovery site while we restore service. Next update within 30 minutes.`;
  if (has(params, "status-notice")) diff.push({ path: "status notice", before: null, after: statusNotice });
  if (has(params, "bridge")) {
    if (!params.bridgeLine) warnings.push("bridge: no bridge line configured for this service");
    diff.push({ path: "bridge", before: null, after: params.bridgeLine ?? "(none configured)" });
  }
  return {
    strategy: "dr-failover",
    target,
    summary: `DR escalation for "${params.deployment}": ${params.steps.join(" → ")}${origin ? `; runs ${origin} in ${dr.context}/${drNamespace}` : ""}.${params.bridgeLine ? ` Bridge: ${params.bridgeLine}` : ""}`,
    diff,
    dryRun,
    warnings,
    params,
    data: {
      drContext: dr.context,
      drNamespace,
      manifest,
      origin,
      idempotencyKey: `${target}@${plannedAt}`,
      dedupKey: `rcc-failover/${dr.context}/${drNamespace}/${params.deployment}`,
      statusNotice,
    },
    plannedAt,
  };
}

async function runStep(
  step: DrStep,
  ctx: StrategyContext,
  p: DrFailoverPlan,
  report: Reporter,
): Promise<string | null> {
  const { params, data } = p;
  const io = { fetch: ctx.fetch, signal: ctx.signal };
  switch (step) {
    case "failover": {
      const drCtx = { kube: drClients(params.drContext, params.drKubeconfigEnv), signal: ctx.signal };
      await applyDeployment(drCtx, data.manifest!);
      await report({ step, state: "running", detail: `applied in ${data.drContext}; waiting for it to be ready` });
      const r = await waitForRollout(drCtx, data.drNamespace, params.deployment, {
        timeoutMs: ctx.timeoutMs,
        onProgress: (progress, detail) => report({ step, state: "running", detail, progress }),
      });
      return `${params.deployment} ready in ${data.drContext}/${data.drNamespace} (${data.origin}): ${r.message}`;
    }
    case "dns": {
      const url = readServiceEnv(params.dnsWebhookUrlEnv ?? "", "DNS-switch webhook");
      const token = params.dnsWebhookTokenEnv
        ? readServiceEnv(params.dnsWebhookTokenEnv, "DNS-switch webhook token")
        : undefined;
      const body = {
        service: params.deployment,
        namespace: data.drNamespace,
        from: ctx.kube.context,
        to: data.drContext,
        reason: "disaster-recovery failover",
      };
      return callDnsWebhook(url, token, body, data.idempotencyKey, io);
    }
    case "page": {
      const key = readServiceEnv(params.pagingRoutingKeyEnv ?? "", "paging routing key");
      const base = params.pagingUrlEnv ? readServiceEnv(params.pagingUrlEnv, "paging endpoint") : PAGERDUTY_DEFAULT_URL;
      const summary = `DR failover of ${params.deployment} (${ctx.namespace}) to ${data.drContext}${params.bridgeLine ? `; bridge: ${params.bridgeLine}` : ""}`;
      const customDetails = {
        from: ctx.kube.context,
        to: data.drContext,
        namespace: data.drNamespace,
        bridge: params.bridgeLine ?? null,
      };
      return (
        await triggerPage(
          base,
          key,
          data.dedupKey,
          {
            summary,
            source: "rollback-command-center",
            severity: "critical",
            component: params.deployment,
            group: ctx.namespace,
            customDetails,
          },
          io,
        )
      ).detail;
    }
    case "status-notice":
      return (
        await postStatusNotice({
          service: params.deployment,
          namespace: ctx.namespace,
          text: data.statusNotice,
          incident: ctx.incident,
        })
      ).detail;
    case "bridge":
      return params.bridgeLine ? `bridge line: ${params.bridgeLine}` : null;
  }
}

export const drFailover: RollbackStrategy<DrFailoverParams, DrFailoverData> = {
  kind: "dr-failover",
  paramsSchema: drFailoverParamsSchema,
  dataSchema: drFailoverDataSchema,
  parseParams: (input) => drFailoverParamsSchema.parse(input),
  // The primary's Deployment as it is when the failover starts: the evidence a post-mortem needs.
  captureTargets: (p) => ({ deployment: p.params.deployment }),
  expectedVersion: () => undefined,
  plan,
  async execute(ctx, p, report) {
    const done: { step: DrStep; detail: string }[] = [];
    for (const step of DR_STEPS.filter((s) => has(p.params, s))) {
      await report({ step, state: "running" });
      let detail: string | null;
      try {
        detail = await runStep(step, ctx, p, report);
      } catch (e) {
        await report({ step, state: "failed", detail: msg(e, ctx.signal) });
        const before = done.length ? ` (done: ${done.map((d) => d.step).join(", ")})` : "";
        throw new AppError(
          isAppError(e) ? e.code : "failed",
          `DR step "${step}" failed${before}: ${msg(e, ctx.signal)}. Retry "${step}" on its own.`,
          { cause: e },
        );
      }
      if (detail === null) await report({ step, state: "skipped", detail: "nothing configured" });
      else await report({ step, state: "succeeded", detail });
      done.push({ step, detail: detail ?? "skipped" });
    }
    return {
      outcome: "succeeded",
      message: done.map((d) => `${d.step}: ${d.detail}`).join("; "),
      data: { steps: done },
    };
  },
  async verify(ctx, p): Promise<Check[]> {
    if (!has(p.params, "failover") || !p.data.manifest) return [];
    const drCtx = { kube: drClients(p.params.drContext, p.params.drKubeconfigEnv), signal: ctx.signal };
    const d = await readDrDeployment(drCtx, p.data.drNamespace, p.params.deployment);
    if (!d)
      return [
        {
          name: "DR deployment",
          ok: false,
          detail: `no Deployment ${p.params.deployment} in ${p.data.drContext}/${p.data.drNamespace}`,
        },
      ];
    const status = evaluateRollout(d);
    const want = images(p.data.manifest.spec.template);
    return [
      { name: "DR rollout complete", ok: status.done, detail: status.message },
      {
        name: "DR runs the good template",
        ok: images(d.spec.template) === want,
        detail: `images ${images(d.spec.template)}; planned ${want}`,
      },
    ];
  },
};
