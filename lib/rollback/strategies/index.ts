/**
 * Every strategy by kind, for the runner and the server actions. Adding a strategy is one folder and
 * one line here (and one in the client's form list, typed by the same kinds): see README.md.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { managedByNoteSchema, plannedHoldSchema } from "@/lib/gitops/plan-schema";
import type { Plan, RollbackStrategy } from "../strategy";
import { blueGreen } from "./blue-green/strategy";
import { canary } from "./canary/strategy";
import { dbMigration } from "./db-migration/strategy";
import { dbRestore } from "./db-restore/strategy";
import { deploymentUndo } from "./deployment-undo/strategy";
import { drFailover } from "./dr-failover/strategy";
import { featureFlag } from "./feature-flag/strategy";
import { helmRollback } from "./helm-rollback/strategy";

export const strategies = {
  "deployment-undo": deploymentUndo,
  "blue-green": blueGreen,
  canary,
  "feature-flag": featureFlag,
  "db-migration": dbMigration,
  "db-restore": dbRestore,
  "dr-failover": drFailover,
  "helm-rollback": helmRollback,
} as const;

export type StrategyKind = keyof typeof strategies;
type StrategyOf<K extends StrategyKind> = (typeof strategies)[K];
type ParamsOf<K extends StrategyKind> = StrategyOf<K> extends RollbackStrategy<infer P, unknown> ? P : never;
type DataOf<K extends StrategyKind> = StrategyOf<K> extends RollbackStrategy<unknown, infer D> ? D : never;
export type PlanOf<K extends StrategyKind> = Plan<ParamsOf<K>, DataOf<K>>;

/** A plan read back from the database, keyed by its kind so readers narrow on `kind`. */
export type StoredPlan = { [K in StrategyKind]: { kind: K; plan: PlanOf<K> } }[StrategyKind];

export function isStrategyKind(kind: string): kind is StrategyKind {
  return Object.hasOwn(strategies, kind);
}

export function strategyFor(kind: string): RollbackStrategy<unknown, unknown> {
  if (!isStrategyKind(kind)) throw new AppError("invalid", `unknown rollback strategy "${kind}"`);
  // Each entry is a RollbackStrategy of its own P and D; callers pass it plans it made itself.
  return strategies[kind] as RollbackStrategy<never, never> as RollbackStrategy<unknown, unknown>;
}

const planBaseSchema = z.object({
  strategy: z.string(),
  target: z.string(),
  summary: z.string(),
  diff: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  dryRun: z.object({ ok: z.boolean(), message: z.string() }).optional(),
  noop: z.string().optional(),
  warnings: z.array(z.string()),
  managedBy: z.array(managedByNoteSchema).optional(),
  gitopsHolds: z.array(plannedHoldSchema).optional(),
  params: z.unknown(),
  data: z.unknown(),
  plannedAt: z.string(),
});

/** The parts of any stored plan that pages show; params and data stay opaque. */
export function parsePlanSummary(json: unknown): Plan<unknown, unknown> {
  const r = planBaseSchema.safeParse(json);
  if (!r.success) throw unreadable("rollback", r.error);
  return r.data;
}

/**
 * A stored plan, validated with its strategy's params and data schemas: what execute() and
 * verification trust after a restart. Never a cast of stored JSON.
 */
export function parsePlan(kind: string, json: unknown): StoredPlan {
  if (!isStrategyKind(kind)) throw new AppError("invalid", `unknown rollback strategy "${kind}"`);
  const base = parsePlanSummary(json);
  const s = strategyFor(kind);
  const params = s.paramsSchema.safeParse(base.params);
  if (!params.success) throw unreadable(kind, params.error, "params");
  const data = s.dataSchema.safeParse(base.data);
  if (!data.success) throw unreadable(kind, data.error, "data");
  // The schemas above are this kind's own, so the pair is this kind's plan.
  return { kind, plan: { ...base, params: params.data, data: data.data } } as StoredPlan;
}

function unreadable(kind: string, error: z.ZodError, part?: string): AppError {
  const where = error.issues
    .slice(0, 3)
    .map((i) => [part, ...i.path].filter((p) => p !== undefined).join(".") || "plan")
    .join(", ");
  return new AppError("invalid", `the stored ${kind} plan cannot be read (${where}); plan the rollback again`);
}
