import "server-only";
/**
 * Discovery: per kubeconfig context, its namespaces and their Deployments (images, revision,
 * readiness, who manages them). Read-only, and every failure is the context's or the namespace's
 * own `error` in the result, never a throw: one unreachable cluster must not hide the others.
 * Later workload kinds add a list call here and a describe function beside describeDeployment.
 */
import { AppError, operatorMessageOf } from "@/lib/errors";
import { k8s, type CallContext } from "@/lib/k8s/call";
import { kubeClients, type KubeClients } from "@/lib/k8s/clients";
import { httpStatusOf } from "@/lib/k8s/errors";
import type { Deployment, KList } from "@/lib/k8s/types";
import { describeDeployment } from "./describe-workload";
import { listKubeContexts } from "./list-kube-contexts";
import type { ContextDiscovery, DiscoveredWorkload, NamespaceDiscovery } from "./types";

export interface DiscoverOptions {
  /** Only this namespace (it must exist). Default: every namespace the identity may list. */
  namespace?: string;
  /** Include kube-system, kube-public and kube-node-lease. Default false. */
  includeSystem?: boolean;
  /** Default: the dashboard's kubeconfig (KUBECONFIG, else ~/.kube/config, else in-cluster). */
  kubeconfigPath?: string;
  /** Per API request. Default 10 s. */
  requestTimeoutMs?: number;
}

const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease"]);
const APPS = { group: "apps", version: "v1", plural: "deployments" } as const;

/**
 * Clients for a catalog `clusterContext` ("default" = the kubeconfig's current context), the same
 * resolution as serviceKubeClients, with an optional kubeconfig path.
 */
export function contextClients(context: string, kubeconfigPath?: string): KubeClients {
  const ctx = context && context !== "default" ? context : undefined;
  try {
    return kubeClients(ctx, kubeconfigPath ?? (process.env.KUBECONFIG || undefined));
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("Kubernetes context "))
      throw new AppError("not_found", `Kubernetes context "${context}" is not in the kubeconfig.`, { cause: e });
    throw new AppError("invalid", "The kubeconfig could not be read.", { cause: e });
  }
}

async function listDeployments(ctx: CallContext, namespace?: string): Promise<Deployment[]> {
  const items: Deployment[] = [];
  let cont: string | undefined;
  do {
    const page = (await k8s(ctx, `list Deployments${namespace ? ` in "${namespace}"` : ""}`, () =>
      namespace
        ? ctx.kube.custom.listNamespacedCustomObject({ ...APPS, namespace, limit: 500, _continue: cont })
        : ctx.kube.custom.listClusterCustomObject({ ...APPS, limit: 500, _continue: cont }),
    )) as KList<Deployment>;
    items.push(...page.items);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

/** The namespaces to look in: the one asked for (checked to exist), or all the identity may list. */
async function namespacesOf(
  ctx: CallContext,
  fallback: string,
  opts: DiscoverOptions,
  warnings: string[],
): Promise<string[]> {
  if (opts.namespace) {
    try {
      await k8s(ctx, `read Namespace "${opts.namespace}"`, () =>
        ctx.kube.core.readNamespace({ name: opts.namespace! }),
      );
    } catch (e) {
      if (httpStatusOf(e) === 404) throw new AppError("not_found", `Namespace "${opts.namespace}" does not exist.`);
      if (httpStatusOf(e) !== 403) throw e; // forbidden to read it: listing may still be allowed
    }
    return [opts.namespace];
  }
  try {
    const list = await k8s(ctx, "list Namespaces", () => ctx.kube.core.listNamespace());
    return list.items
      .map((n) => n.metadata?.name ?? "")
      .filter((n) => n && (opts.includeSystem || !SYSTEM_NAMESPACES.has(n)))
      .sort();
  } catch (e) {
    if (httpStatusOf(e) !== 403) throw e;
    warnings.push(`This identity may not list namespaces; showing its context's namespace "${fallback}" only.`);
    return [fallback];
  }
}

/** One context's namespaces and workloads. Never throws. */
export async function discoverWorkloads(context: string, opts: DiscoverOptions = {}): Promise<ContextDiscovery> {
  const out: ContextDiscovery = { context, server: null, namespaces: [], error: null, warnings: [] };
  try {
    const kube = contextClients(context, opts.kubeconfigPath);
    out.server = kube.server;
    const ctx: CallContext = { kube, requestTimeoutMs: opts.requestTimeoutMs ?? 10_000 };
    const fallback = kube.kc.getContextObject(kube.context)?.namespace || "default";
    const names = await namespacesOf(ctx, fallback, opts, out.warnings);
    const byNs = new Map<string, NamespaceDiscovery>(names.map((n) => [n, { name: n, workloads: [], error: null }]));

    let all: Deployment[] | null = null;
    if (!opts.namespace && names.length > 1) {
      // One call for the whole cluster when allowed; per namespace (each with its own error) when not.
      all = await listDeployments(ctx).catch((e) => {
        if (httpStatusOf(e) === 403) return null;
        throw e;
      });
    }
    if (all) {
      for (const d of all) byNs.get(d.metadata.namespace ?? "")?.workloads.push(describeDeployment(kube.context, d));
    } else {
      await Promise.all(
        [...byNs.values()].map(async (ns) => {
          try {
            ns.workloads = (await listDeployments(ctx, ns.name)).map((d) => describeDeployment(kube.context, d));
          } catch (e) {
            ns.error = operatorMessageOf(e);
          }
        }),
      );
    }
    for (const ns of byNs.values()) ns.workloads.sort(byName);
    out.context = kube.context;
    out.namespaces = [...byNs.values()];
  } catch (e) {
    out.error = operatorMessageOf(e);
  }
  return out;
}

const byName = (a: DiscoveredWorkload, b: DiscoveredWorkload) => a.name.localeCompare(b.name);

/** Every context of the kubeconfig (or the ones named), discovered side by side. */
export async function discoverAll(
  opts: DiscoverOptions & { contexts?: readonly string[] } = {},
): Promise<ContextDiscovery[]> {
  const contexts = opts.contexts?.length
    ? [...opts.contexts]
    : listKubeContexts({ kubeconfigPath: opts.kubeconfigPath }).contexts.map((c) => c.name);
  return Promise.all(contexts.map((c) => discoverWorkloads(c, opts)));
}
