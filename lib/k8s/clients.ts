import "server-only";
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  ServerConfiguration,
  createConfiguration,
  type Configuration,
} from "@kubernetes/client-node";
import { AppError, operatorMessageOf } from "@/lib/errors";
import { requestSignalMiddleware } from "./abort";

/** The API clients for one cluster context. `kc` is there for watches, logs and the server URL. */
export interface KubeClients {
  apps: AppsV1Api;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  discovery: DiscoveryV1Api;
  kc: KubeConfig;
  /** The context these clients talk to (for lock targets and messages). */
  context: string;
  /** The API server URL, for "unreachable at …" messages. */
  server: string;
}

/** kc.makeApiClient, plus the middleware that lets `k8s()` abort a request (see abort.ts). */
function apiClient<T>(kc: KubeConfig, Api: new (config: Configuration) => T): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("No active cluster in the kubeconfig");
  return new Api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [requestSignalMiddleware],
    }),
  );
}

// Keyed by kubeconfig path + context. A KubeConfig parses files and may exec auth plugins, so the
// runner, the Services view and the trigger watcher must share one per cluster instead of re-reading.
const cache = new Map<string, KubeClients>();

/**
 * Clients for `context` (default: the kubeconfig's current context) from `kubeconfigPath`
 * (default: KUBECONFIG, then ~/.kube/config, then in-cluster, as kubectl does).
 */
export function kubeClients(context?: string, kubeconfigPath?: string): KubeClients {
  const key = `${kubeconfigPath ?? "<default>"}\u0000${context ?? "<current>"}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  if (context) {
    // setCurrentContext accepts unknown names silently and fails later with a confusing error.
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new Error(`Kubernetes context "${context}" is not in ${kubeconfigPath ?? "the default kubeconfig"}`);
    }
    kc.setCurrentContext(context);
  }
  const clients: KubeClients = {
    apps: apiClient(kc, AppsV1Api),
    core: apiClient(kc, CoreV1Api),
    custom: apiClient(kc, CustomObjectsApi),
    discovery: apiClient(kc, DiscoveryV1Api),
    kc,
    context: kc.getCurrentContext(),
    server: kc.getCurrentCluster()?.server ?? "(no cluster in kubeconfig)",
  };
  cache.set(key, clients);
  return clients;
}

/**
 * The one way to a service's cluster: its catalog `clusterContext` in the app's kubeconfig
 * (KUBECONFIG, else ~/.kube/config, else in-cluster). "default" (the seed's) means the kubeconfig's
 * current context. A context the kubeconfig lacks is the operator's to fix: an AppError naming it.
 */
export function serviceKubeClients(service: { clusterContext: string }): KubeClients {
  const context = service.clusterContext && service.clusterContext !== "default" ? service.clusterContext : undefined;
  try {
    return kubeClients(context, process.env.KUBECONFIG || undefined);
  } catch (e) {
    throw new AppError("invalid", operatorMessageOf(e), { cause: e });
  }
}

/** Forget cached clients (after a kubeconfig file changed, or between tests). */
export function resetKubeClients(): void {
  cache.clear();
}
