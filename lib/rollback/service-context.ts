import "server-only";
// The strategy context for a service: its cluster's clients, namespace and rollout budget.
import { gitopsSettingsSchema } from "@/lib/gitops/settings";
import { serviceKubeClients } from "@/lib/k8s/clients";
import type { StrategyContext } from "@/lib/rollback/strategy";

export type ServiceTarget = {
  clusterContext: string;
  namespace: string;
  rolloutTimeoutSec: number;
  /** The service row's strategy settings; its `gitops` section feeds the plans' managed-by notes. */
  strategyConfig?: unknown;
};

function gitopsOf(strategyConfig: unknown) {
  const section = (strategyConfig as { gitops?: unknown } | null | undefined)?.gitops;
  const r = gitopsSettingsSchema.safeParse(section ?? {});
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
  };
}
