import "server-only";
// The strategy context for a service: its cluster's clients, namespace and rollout budget.
import { kubeClients } from "@/lib/k8s/clients";
import type { StrategyContext } from "@/lib/rollback/strategy";

export type ServiceTarget = { clusterContext: string; namespace: string; rolloutTimeoutSec: number };

/** "default" means the kubeconfig's current context (KUBECONFIG, ~/.kube/config or in-cluster). */
export function strategyContext(service: ServiceTarget, signal: AbortSignal, incident?: StrategyContext["incident"]): StrategyContext {
  const context = service.clusterContext && service.clusterContext !== "default" ? service.clusterContext : undefined;
  return {
    kube: kubeClients(context, process.env.KUBECONFIG || undefined),
    namespace: service.namespace,
    signal,
    timeoutMs: service.rolloutTimeoutSec * 1000,
    incident,
  };
}
