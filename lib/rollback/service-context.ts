import "server-only";
// The strategy context for a service: its cluster's clients, namespace and rollout budget.
import { gitopsSettingsSchema } from "@/lib/gitops/settings";
import { workloadUndoSettingsSchema } from "@/lib/rollback/strategies/deployment-undo/settings";
import { serviceKubeClients } from "@/lib/k8s/clients";
import type { StrategyContext } from "@/lib/rollback/strategy";

export type ServiceTarget = {
  clusterContext: string;
  namespace: string;
  rolloutTimeoutSec: number;
  /** The service row's strategy settings: `gitops` feeds the plans' managed-by notes, `workloadUndo` the undo. */
  strategyConfig?: unknown;
};

function gitopsOf(strategyConfig: unknown) {
  const section = (strategyConfig as { gitops?: unknown } | null | undefined)?.gitops;
  const r = gitopsSettingsSchema.safeParse(section ?? {});
  return r.success ? r.data : undefined;
}

/** The `workloadUndo` options; unreadable ones are the defaults (nothing annotated). */
function workloadUndoOf(strategyConfig: unknown) {
  const section = (strategyConfig as { workloadUndo?: unknown } | null | undefined)?.workloadUndo;
  const r = workloadUndoSettingsSchema.safeParse(section ?? {});
  return r.success ? r.data : undefined;
}

export function strategyContext(
  service: ServiceTarget,
  signal: AbortSignal,
  incident?: StrategyContext["incident"],
): StrategyContext {
  return {
    kube: serviceKubeClients(service),
    namespace: service.namespace,
    signal,
    timeoutMs: service.rolloutTimeoutSec * 1000,
    incident,
    gitops: gitopsOf(service.strategyConfig),
    workloadUndo: workloadUndoOf(service.strategyConfig),
  };
}
