import "server-only";
/**
 * Which kubeconfig the dashboard reads and the contexts in it, for the onboarding page ("which
 * kubeconfig and context were found"). Same order as kubectl and lib/k8s/clients.ts: KUBECONFIG,
 * else ~/.kube/config, else the in-cluster service account. Names, server URLs and namespaces only:
 * never a user entry, token, certificate or key, and never the file's content in an error.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

export interface KubeContextInfo {
  name: string;
  /** The kubeconfig's cluster entry name. */
  cluster: string;
  /** The API server URL, or null when the context names a cluster the file lacks. */
  server: string | null;
  /** The context's default namespace ("default" when unset). */
  namespace: string;
  current: boolean;
}

export interface KubeconfigInfo {
  /** Where it came from: an explicit path, $KUBECONFIG, ~/.kube/config, the pod's service account, or nothing. */
  source: "path" | "KUBECONFIG" | "home" | "in-cluster" | "none";
  /** The file(s) read; empty for in-cluster and none. */
  paths: string[];
  currentContext: string | null;
  contexts: KubeContextInfo[];
  /** Why it could not be read, in a fixed sentence; null when it was. */
  error: string | null;
}

const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

function locate(kubeconfigPath?: string): Pick<KubeconfigInfo, "source" | "paths"> {
  if (kubeconfigPath) return { source: "path", paths: [kubeconfigPath] };
  const env = process.env.KUBECONFIG;
  if (env) return { source: "KUBECONFIG", paths: env.split(path.delimiter).filter(Boolean) };
  const home = path.join(os.homedir(), ".kube", "config");
  if (existsSync(home)) return { source: "home", paths: [home] };
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) return { source: "in-cluster", paths: [] };
  return { source: "none", paths: [] };
}

/** The kubeconfig the dashboard would use (or `kubeconfigPath`), without credentials. */
export function listKubeContexts(opts: { kubeconfigPath?: string } = {}): KubeconfigInfo {
  const where = locate(opts.kubeconfigPath);
  if (where.source === "none")
    return {
      ...where,
      currentContext: null,
      contexts: [],
      error: "No kubeconfig found: set KUBECONFIG, create ~/.kube/config, or run the dashboard in a cluster.",
    };
  const kc = new KubeConfig();
  try {
    if (where.source === "in-cluster") kc.loadFromCluster();
    else {
      kc.loadFromFile(where.paths[0]);
      for (const more of where.paths.slice(1)) {
        const next = new KubeConfig();
        next.loadFromFile(more);
        kc.mergeConfig(next);
      }
    }
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code !== undefined ? "could not be read" : "is not a valid kubeconfig";
    const what = where.source === "KUBECONFIG" ? "The file named by KUBECONFIG" : "The kubeconfig file";
    return { ...where, currentContext: null, contexts: [], error: `${what} ${why}.` };
  }
  const current = kc.getCurrentContext() || null;
  return {
    ...where,
    currentContext: current,
    contexts: kc.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      server: kc.getCluster(c.cluster)?.server ?? null,
      namespace: c.namespace || "default",
      current: c.name === current,
    })),
    error: null,
  };
}
