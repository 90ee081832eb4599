/**
 * The one interface every rollback strategy implements (Kubernetes undo, blue-green, canary, and
 * later feature flags, database and DR failover). The runner owns durability, locking, timeline
 * and approvals; a strategy only knows how to plan, act and check. Plans are plain JSON so the
 * runner can store them, show them, and hand them back to execute() after a restart.
 */
import type { z } from "zod";
import type { GitopsSettings } from "@/lib/gitops/settings";
import type { ManagedByNote } from "@/lib/gitops/managed-by";
import type { PlannedHold } from "@/lib/gitops/planned-hold";
import type { KubeClients } from "@/lib/k8s/clients";
import type { WorkloadUndoSettings } from "./strategies/deployment-undo/settings";
import type { CaptureRequest } from "./capture";

export interface StrategyContext {
  /** Clients for the target cluster (absent for strategies that do not touch Kubernetes). */
  kube: KubeClients;
  namespace: string;
  /** Fires when the commander cancels or the runner shuts down; every wait honours it. */
  signal: AbortSignal;
  /** Budget for waiting on the change to take effect (rollout, endpoints), e.g. 5 min per service. */
  timeoutMs: number;
  /** HTTP for version/health sampling; injectable for tests, defaults to global fetch. */
  fetch?: typeof fetch;
  /**
   * The incident and the person the rollback acts for (set by the runner), for steps that publish.
   * Always a real user row: the trigger acts as the system user (SYSTEM_USER_ID).
   */
  incident?: { id: string; actor: { id: string; name: string } };
  /** The service's `gitops` settings (what may be held), for the plans' managed-by notes. */
  gitops?: GitopsSettings;
  /** The service's `workloadUndo` options (the change-cause annotation), read by the workload undo. */
  workloadUndo?: WorkloadUndoSettings;
}

/** One before → after line of a plan's diff: `path` reads like `image app`, `selector color`, `weight web-canary`. */
export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
}

export interface DryRunResult {
  /** The apiserver accepted the change with dryRun=All (admission and validation ran). */
  ok: boolean;
  /** What the server answered: the error message, or a short description of the result. */
  message: string;
}

export interface Plan<P = unknown, D = unknown> {
  strategy: string;
  /** Lock key: one running rollback per target, e.g. `k8s/prod/shop/deployment/web`. */
  target: string;
  /** One or two sentences for the confirmation dialog. */
  summary: string;
  diff: DiffEntry[];
  /** Server-side dry run of the mutation, where the API has one. */
  dryRun?: DryRunResult;
  /** Set when there is nothing to do (e.g. already at the target revision); execute() will not mutate. */
  noop?: string;
  /** Non-fatal things the commander should read before confirming. */
  warnings: string[];
  /**
   * Who else manages the changed objects (Helm, Argo CD, Flux) and what they will do after the
   * change, from lib/gitops/plan-notes.ts; absent in plans made before it existed.
   */
  managedBy?: ManagedByNote[];
  /**
   * "Hold GitOps sync" steps the runner runs before execute() (lib/gitops/hold-step.ts), from the
   * same notes: offered on, each one the commander may untick when confirming. Absent: none.
   */
  gitopsHolds?: PlannedHold[];
  params: P;
  /** Strategy-private state execute() needs (resourceVersions, chosen ReplicaSet...). JSON only. */
  data: D;
  plannedAt: string;
}

export type StepState = "running" | "succeeded" | "failed" | "skipped";

export interface Progress {
  desired: number;
  updated: number;
  ready: number;
  available: number;
}

export interface StepReport {
  /** Stable identifier for the step, e.g. `patch`, `rollout`, `scale-down`, `weight-5`. */
  step: string;
  state: StepState;
  detail?: string;
  progress?: Progress;
  data?: unknown;
}

/** How execute() tells the runner what is happening; the runner records and streams it. */
export type Reporter = (r: StepReport) => void | Promise<void>;

export interface ExecResult {
  outcome: "succeeded" | "skipped";
  message: string;
  data?: unknown;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The Kubernetes objects whose YAML (and, for a Deployment, pod logs) are kept before the change. */
export type CaptureTargets = Pick<CaptureRequest, "deployment" | "service" | "route">;

/** What verification should find after the rollback, when the strategy knows it. */
export interface ExpectedVersion {
  /** The one image the rollback put back (Deployment undo). */
  image?: string;
}

export interface RollbackStrategy<P = unknown, D = unknown> {
  kind: string;
  /** Untrusted params → P (server actions validate with it; the form builds its input). */
  paramsSchema: z.ZodType<P>;
  /** The strategy-private `data` of a stored plan, checked when it is read back. */
  dataSchema: z.ZodType<D>;
  /** zod-style parser for untrusted params: `paramsSchema.parse`. */
  parseParams(input: unknown): P;
  plan(ctx: StrategyContext, params: P): Promise<Plan<P, D>>;
  /** Safe to call again with the same plan after a restart: it re-reads and converges. */
  execute(ctx: StrategyContext, plan: Plan<P, D>, report: Reporter): Promise<ExecResult>;
  verify(ctx: StrategyContext, plan: Plan<P, D>): Promise<Check[]>;
  /** What to keep as evidence before acting; null when there is nothing in Kubernetes to keep. */
  captureTargets(plan: Plan<P, D>): CaptureTargets | null;
  /** What verification should expect afterwards; undefined when nothing version-specific. */
  expectedVersion(plan: Plan<P, D>): ExpectedVersion | undefined;
}

/** The lock key for a Kubernetes object, shared by all strategies acting on it. */
export function k8sTarget(kube: Pick<KubeClients, "context">, namespace: string, kind: string, name: string): string {
  return `k8s/${kube.context}/${namespace}/${kind.toLowerCase()}/${name}`;
}
