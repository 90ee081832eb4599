import "server-only";
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  type KubeConfig,
  ServerConfiguration,
  createConfiguration,
  type Configuration,
} from "@kubernetes/client-node";
import { AppError } from "@/lib/errors";
import { requestSignalMiddleware } from "./abort";
import { contextMissingMessage, unreadableKubeconfigMessage } from "./describe-k8s-error";
import { kubeconfigSource, loadKubeconfig, type KubeconfigSource } from "./kubeconfig-source";

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
  /** Where the kubeconfig came from, so errors can say where the dashboard looked. */
  source: KubeconfigSource;
}

/** A context the kubeconfig lacks (kubeClients throws it; its message starts `Kubernetes context "…"`). */
export class MissingContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingContextError";
  }
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

  const source = kubeconfigSource(kubeconfigPath);
  const kc = loadKubeconfig(source);
  if (context) {
    // setCurrentContext accepts unknown names silently and fails later with a confusing error.
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(context))
      throw new MissingContextError(contextMissingMessage(context, source, source.kind === "none" ? [] : names));
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
    source,
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
  const kubeconfigPath = process.env.KUBECONFIG || undefined;
  try {
    return kubeClients(context, kubeconfigPath);
  } catch (e) {
    if (e instanceof MissingContextError) throw new AppError("invalid", e.message, { cause: e });
    throw new AppError("invalid", unreadableKubeconfigMessage(e, kubeconfigSource(kubeconfigPath)), { cause: e });
  }
}

/** Forget cached clients (after a kubeconfig file changed, or between tests). */
export function resetKubeClients(): void {
  cache.clear();
}
