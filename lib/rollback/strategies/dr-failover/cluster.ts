/**
 * The DR cluster: a second kube context (in the default kubeconfig, or in a kubeconfig whose path
 * an RCC_SERVICE_* env var holds), and server-side apply of the failover Deployment there.
 */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { readServiceEnv } from "@/lib/database-rollback/connection";
import { AppError } from "@/lib/errors";
import { k8s, type CallContext } from "@/lib/k8s/call";
import { kubeClients, type KubeClients } from "@/lib/k8s/clients";
import { httpStatusOf } from "@/lib/k8s/errors";
import type { Deployment } from "@/lib/k8s/types";
import type { DrManifest } from "@/lib/rollback/strategies/dr-failover/manifest";

export const FIELD_MANAGER = "rollback-command-center";

export function drClients(context: string, kubeconfigEnv?: string): KubeClients {
  const file = kubeconfigEnv ? readServiceEnv(kubeconfigEnv, "DR kubeconfig") : process.env.KUBECONFIG || undefined;
  try {
    return kubeClients(context, file);
  } catch (e) {
    // Fixed sentences: fs and YAML errors quote the path (the variable's value, whatever it holds)
    // or the file's content. The cause stays on the error, never in its text.
    const source = kubeconfigEnv ? `the kubeconfig file named by ${kubeconfigEnv}` : "the dashboard's kubeconfig";
    const why =
      (e as NodeJS.ErrnoException).code !== undefined
        ? "could not be read"
        : e instanceof Error && e.message.startsWith("Kubernetes context ")
          ? `has no context "${context}"`
          : "is not a valid kubeconfig";
    throw new AppError("invalid", `DR cluster: ${source} ${why}.`, { cause: e });
  }
}

/** Server-side apply (force: the failover owns these fields in DR), or its dry run. */
export function applyDeployment(ctx: CallContext, m: DrManifest, dryRun = false): Promise<Deployment> {
  return k8s(
    ctx,
    `${dryRun ? "dry-run apply" : "apply"} Deployment "${m.metadata.namespace}/${m.metadata.name}" in DR`,
    () =>
      ctx.kube.custom.patchNamespacedCustomObject(
        {
          group: "apps",
          version: "v1",
          namespace: m.metadata.namespace,
          plural: "deployments",
          name: m.metadata.name,
          body: m,
          fieldManager: FIELD_MANAGER,
          force: true,
          dryRun: dryRun ? "All" : undefined,
        },
        setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
      ),
  ) as Promise<Deployment>;
}

/** The DR copy as it is now, or null when there is none yet. */
export async function readDrDeployment(ctx: CallContext, namespace: string, name: string): Promise<Deployment | null> {
  try {
    return (await k8s(ctx, `read Deployment "${namespace}/${name}" in DR`, () =>
      ctx.kube.custom.getNamespacedCustomObject({
        group: "apps",
        version: "v1",
        namespace,
        plural: "deployments",
        name,
      }),
    )) as Deployment;
  } catch (e) {
    if (httpStatusOf(e) === 404) return null;
    throw e;
  }
}
