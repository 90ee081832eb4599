import "server-only";
// The strategy context for a service: its cluster's clients, namespace and rollout budget.
import { serviceKubeClients } from "@/lib/k8s/clients";
import type { StrategyContext } from "@/lib/rollback/strategy";

export type ServiceTarget = { clusterContext: string; namespace: string; rolloutTimeoutSec: number };

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
  };
}
