import "server-only";
// Live state of a service's Deployments, read from its cluster: what the Services view and the
// rollback panel show. An unreachable cluster is an answer ("error"), never an empty list.
import { db } from "@/lib/db";
import { AppError, userMessageOf } from "@/lib/errors";
import {
  readDeploymentState,
  revisionHistory,
  type DeploymentState,
  type RevisionEntry,
} from "@/lib/k8s/deployment-state";
import { strategyContext } from "@/lib/rollback/service-context";

export type DeploymentView = {
  name: string;
  state: DeploymentState | null;
  history: RevisionEntry[];
  error: string | null;
};
export type ServiceLiveState = {
  serviceId: string;
  name: string;
  namespace: string;
  readAt: string;
  deployments: DeploymentView[];
};

const READ_BUDGET_MS = 10_000;

export async function serviceLiveState(serviceId: string): Promise<ServiceLiveState> {
  const service = await db.service.findUnique({ where: { id: serviceId } });
  if (!service) throw new AppError("not_found", "That service does not exist.");
  const deployments = await Promise.all(
    service.deployments.map(async (name): Promise<DeploymentView> => {
      try {
        const ctx = {
          ...strategyContext(service, AbortSignal.timeout(READ_BUDGET_MS)),
          requestTimeoutMs: READ_BUDGET_MS,
        };
        const [state, history] = await Promise.all([
          readDeploymentState(ctx, service.namespace, name),
          revisionHistory(ctx, service.namespace, name),
        ]);
        return { name, state, history, error: null };
      } catch (e) {
        return { name, state: null, history: [], error: userMessageOf(e) };
      }
    }),
  );
  return { serviceId, name: service.name, namespace: service.namespace, readAt: new Date().toISOString(), deployments };
}
