/**
 * Feature-flag kill switch through OpenFeature's flagd: `disable` turns a flag off in its
 * FeatureFlag CR or flagd ConfigMap and records what it was; `re-enable` puts that back. See
 * lib/flags/definition.ts for what "off" means in each mode (default: defaultVariant := the off
 * variant with targeting removed; `state`: state := DISABLED, i.e. callers' code defaults).
 * The previous state lives in the plan/result AND in an annotation on the object, so re-enabling
 * needs nothing but the flag's name, even from another incident. With `flagdUrl`, execute() waits
 * until flagd itself serves the new value, and verify() checks it there too.
 */
import { jsonPatchOpSchema, k8sObject } from "@/lib/rollback/plan-schemas";
import { z } from "zod";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import { sleep } from "@/lib/k8s/abort";
import {
  FlagDefinitionError,
  describeFlag,
  disabledFlag,
  findFlag,
  isOff,
  isRestored,
  offVariantOf,
  previousStateOf,
  restoredFlag,
  sameJson,
  servedValue,
  type FlagdFlag,
  type PreviousFlagState,
} from "@/lib/flags/definition";
import { describeEvaluation, evaluateFlag, expectedEvaluation, resolveTypeOf } from "@/lib/flags/flagd";
import { flagPatch, patchFlags, readFlags, sourceLabel, type FlagDocument } from "@/lib/flags/source";
import type { JsonPatchOp } from "@/lib/k8s/types";
import {
  k8sTarget,
  type Check,
  type DiffEntry,
  type Plan,
  type Reporter,
  type RollbackStrategy,
  type StrategyContext,
} from "@/lib/rollback/strategy";
import { withManagedBy, type ChangedObject } from "@/lib/gitops/plan-notes";
import { featureFlagParamsSchema, type FeatureFlagParams } from "./params";

export const featureFlagDataSchema = z.object({
  namespace: z.string(),
  before: k8sObject<FlagdFlag>(),
  after: k8sObject<FlagdFlag>(),
  /** The state a re-enable returns to: recorded by this disable, or read back for a re-enable. */
  previousState: k8sObject<PreviousFlagState>().nullable(),
  patch: z.array(jsonPatchOpSchema),
});
export type FeatureFlagData = z.infer<typeof featureFlagDataSchema>;
export type FeatureFlagPlan = Plan<FeatureFlagParams, FeatureFlagData>;

const srcOf = (p: FeatureFlagParams, ns: string) => ({
  source: p.source,
  name: p.name,
  namespace: p.namespace ?? ns,
  configMapKey: p.configMapKey,
});
const invalid = (e: unknown) => (e instanceof FlagDefinitionError ? new AppError("invalid", e.message) : e);

function decide(
  doc: FlagDocument,
  p: FeatureFlagParams,
  at: string,
): {
  after: FlagdFlag;
  previousState: PreviousFlagState | null;
  noop?: string;
  warnings: string[];
  record: Record<string, PreviousFlagState>;
} {
  const flag = findFlag(doc.definition, p.flagKey);
  const warnings: string[] = [];
  const record = { ...doc.previous };
  if (p.action === "re-enable") {
    const prev = doc.previous[p.flagKey];
    if (!prev)
      throw new AppError(
        "not_found",
        `no recorded state to re-enable flag "${p.flagKey}" from: it was not disabled by Rollback Command Center (${sourceLabel(doc.source)} has no record)`,
      );
    delete record[p.flagKey];
    const after = restoredFlag(flag, prev);
    return {
      after,
      previousState: prev,
      warnings,
      record,
      noop: isRestored(flag, prev) ? `flag "${p.flagKey}" is already back to ${describeFlag(flag)}` : undefined,
    };
  }
  const off = p.mode === "default-variant" ? offVariantOf(p.flagKey, flag, p.offVariant) : undefined;
  if (isOff(flag, off, p.mode))
    return {
      after: flag,
      previousState: doc.previous[p.flagKey] ?? null,
      warnings,
      record,
      noop: `flag "${p.flagKey}" is already off (${describeFlag(flag)})`,
    };
  const existing = doc.previous[p.flagKey];
  // An older record still describes the real "on" state unless the flag was re-enabled by hand since.
  const prev = existing && !isRestored(flag, existing) ? existing : previousStateOf(flag, p.mode, off, at);
  if (prev === existing)
    warnings.push(
      `Flag "${p.flagKey}" was already switched off at ${existing!.at}; that earlier recorded state is kept for re-enabling.`,
    );
  if (p.mode === "state")
    warnings.push(
      "state DISABLED makes flagd return no value: applications get the default written in their code, which must be the safe one.",
    );
  record[p.flagKey] = prev;
  return { after: disabledFlag(flag, p.mode, off), previousState: prev, warnings, record };
}

function flagDiff(key: string, before: FlagdFlag, after: FlagdFlag): DiffEntry[] {
  const d: DiffEntry[] = [];
  if (before.state !== after.state) d.push({ path: `state ${key}`, before: before.state, after: after.state });
  if (before.defaultVariant !== after.defaultVariant)
    d.push({ path: `defaultVariant ${key}`, before: before.defaultVariant, after: after.defaultVariant });
  if (!sameJson(before.targeting, after.targeting))
    d.push({ path: `targeting ${key}`, before: before.targeting ?? null, after: after.targeting ?? null });
  const [sb, sa] = [servedValue(before), servedValue(after)];
  d.push({
    path: `served ${key}`,
    before: `${JSON.stringify(sb.value) ?? "code default"} (${sb.reason})`,
    after: `${JSON.stringify(sa.value) ?? "code default"} (${sa.reason})`,
  });
  return d;
}

async function plan(ctx: StrategyContext, params: FeatureFlagParams): Promise<FeatureFlagPlan> {
  const changed: ChangedObject[] = [];
  return withManagedBy(ctx, await planInner(ctx, params, changed), changed);
}

async function planInner(
  ctx: StrategyContext,
  params: FeatureFlagParams,
  changed: ChangedObject[],
): Promise<FeatureFlagPlan> {
  const src = srcOf(params, ctx.namespace);
  const doc = await readFlags(ctx, src).catch((e) => Promise.reject(invalid(e)));
  changed.push({ label: sourceLabel(src), metadata: doc.meta });
  const plannedAt = new Date().toISOString();
  let decision;
  try {
    decision = decide(doc, params, plannedAt);
  } catch (e) {
    throw invalid(e);
  }
  const before = doc.definition.flags[params.flagKey];
  const patch = decision.noop ? [] : flagPatch(doc, params.flagKey, before, decision.after, decision.record);
  const base = {
    strategy: "feature-flag",
    target: k8sTarget(ctx.kube, src.namespace, src.source === "featureflag-cr" ? "featureflag" : "configmap", src.name),
    params,
    warnings: decision.warnings,
    plannedAt,
    data: { namespace: src.namespace, before, after: decision.after, previousState: decision.previousState, patch },
  };
  if (decision.noop) return { ...base, summary: `Nothing to do: ${decision.noop}.`, diff: [], noop: decision.noop };
  let dryRun;
  try {
    await patchFlags(ctx, src, patch, true);
    dryRun = { ok: true, message: `the API server accepted the change to ${sourceLabel(src)} (dry run)` };
  } catch (e) {
    dryRun = { ok: false, message: operatorMessageOf(e) };
    base.warnings.push(`The server-side dry run failed: ${dryRun.message}`);
  }
  const verb = params.action === "disable" ? "Switch off" : "Re-enable";
  return {
    ...base,
    summary: `${verb} flag "${params.flagKey}" in ${sourceLabel(src)}: ${describeFlag(before)} → ${describeFlag(decision.after)}.`,
    diff: flagDiff(params.flagKey, before, decision.after),
    dryRun,
  };
}

/** One patch attempt, with one retry of a dropped connection (safe: the patch `test`s what it read). */
async function patchOnce(
  ctx: StrategyContext,
  p: FeatureFlagPlan,
  ops: JsonPatchOp[],
  report: Reporter,
): Promise<void> {
  const src = srcOf(p.params, ctx.namespace);
  try {
    await patchFlags(ctx, src, ops);
  } catch (e) {
    if (!isAppError(e) || e.code !== "unavailable") throw e;
    await report({ step: "patch", state: "running", detail: `${e.userMessage}; retrying once` });
    await sleep(300, ctx.signal);
    await patchFlags(ctx, src, ops);
  }
}

/**
 * The planned patch. If its `test`s fail: done when someone already made exactly this change;
 * re-planned once from fresh state when the object changed but this flag did not (another flag's
 * edit, a label); refused when the flag itself changed.
 */
async function applyPatch(ctx: StrategyContext, p: FeatureFlagPlan, report: Reporter): Promise<string> {
  const src = srcOf(p.params, ctx.namespace);
  const done = `${sourceLabel(src)}: flag "${p.params.flagKey}" is ${describeFlag(p.data.after)}`;
  try {
    await patchOnce(ctx, p, p.data.patch, report);
    return done;
  } catch (e) {
    if (!isAppError(e) || (e.code !== "invalid" && e.code !== "conflict")) throw e;
  }
  const fresh = await readFlags(ctx, src);
  const now = findFlag(fresh.definition, p.params.flagKey);
  if (sameJson(now, p.data.after)) return `already ${describeFlag(now)} (changed since the plan)`;
  if (!sameJson(now, p.data.before)) {
    await report({
      step: "patch",
      state: "running",
      detail: `the flag changed after the plan: now ${describeFlag(now)}`,
    });
    throw new AppError(
      "conflict",
      `flag "${p.params.flagKey}" changed after the plan (now ${describeFlag(now)}); plan again`,
    );
  }
  await report({
    step: "patch",
    state: "running",
    detail: `${sourceLabel(src)} changed after the plan, this flag did not; re-reading and retrying once`,
  });
  const again = decide(fresh, p.params, p.plannedAt);
  await patchOnce(ctx, p, flagPatch(fresh, p.params.flagKey, now, again.after, again.record), report);
  return done;
}

/** Polls flagd until it serves what the new definition says (its sync takes a moment). */
async function awaitFlagd(ctx: StrategyContext, p: FeatureFlagPlan, budgetMs: number) {
  const want = expectedEvaluation(p.data.after);
  const deadline = Date.now() + budgetMs;
  for (;;) {
    let last;
    try {
      last = await evaluateFlag(p.params.flagdUrl!, p.params.flagKey, resolveTypeOf(p.data.after), {
        fetch: ctx.fetch,
        signal: ctx.signal,
      });
      if (want.matches(last)) return { ok: true, detail: `flagd serves ${describeEvaluation(last)}` };
    } catch (e) {
      if (!isAppError(e)) throw e;
      last = e.userMessage;
    }
    const detail = `flagd serves ${typeof last === "string" ? last : describeEvaluation(last)}; expected ${want.describe}`;
    if (Date.now() > deadline) return { ok: false, detail };
    await sleep(250, ctx.signal);
  }
}

export const featureFlag: RollbackStrategy<FeatureFlagParams, FeatureFlagData> = {
  kind: "feature-flag",
  paramsSchema: featureFlagParamsSchema,
  dataSchema: featureFlagDataSchema,
  parseParams: (input) => featureFlagParamsSchema.parse(input),
  captureTargets: () => null,
  expectedVersion: () => undefined,
  plan,
  async execute(ctx, p, report) {
    if (p.noop) {
      await report({ step: "patch", state: "skipped", detail: p.noop });
      return { outcome: "skipped", message: p.noop, data: { previousState: p.data.previousState } };
    }
    await report({
      step: "patch",
      state: "running",
      detail: `${p.params.action} flag "${p.params.flagKey}": ${describeFlag(p.data.before)} → ${describeFlag(p.data.after)}`,
    });
    let detail: string;
    try {
      detail = await applyPatch(ctx, p, report);
    } catch (e) {
      await report({ step: "patch", state: "failed", detail: operatorMessageOf(e) });
      throw e;
    }
    await report({ step: "patch", state: "succeeded", detail, data: { previousState: p.data.previousState } });
    if (p.params.flagdUrl) {
      await report({
        step: "flagd",
        state: "running",
        detail: `waiting for flagd at ${p.params.flagdUrl} to serve the change`,
      });
      const r = await awaitFlagd(ctx, p, Math.min(ctx.timeoutMs, 60_000));
      await report({ step: "flagd", state: r.ok ? "succeeded" : "failed", detail: r.detail });
      if (!r.ok) throw new AppError("timeout", `the flag changed on the cluster, but ${r.detail}`);
    }
    const message = `flag "${p.params.flagKey}" ${p.params.action === "disable" ? "switched off" : "re-enabled"}: ${describeFlag(p.data.after)}`;
    return {
      outcome: "succeeded",
      message,
      data: { previousState: p.data.previousState, before: p.data.before, after: p.data.after },
    };
  },
  async verify(ctx, p) {
    const now = findFlag((await readFlags(ctx, srcOf(p.params, ctx.namespace))).definition, p.params.flagKey);
    const checks: Check[] = [
      {
        name: "flag definition",
        ok: sameJson(now, p.data.after),
        detail: `${describeFlag(now)}; planned ${describeFlag(p.data.after)}`,
      },
    ];
    if (p.params.flagdUrl) {
      const r = await awaitFlagd(ctx, p, 0);
      checks.push({ name: "flagd evaluation", ok: r.ok, detail: r.detail });
    }
    return checks;
  },
};
