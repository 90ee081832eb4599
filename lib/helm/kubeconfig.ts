import "server-only";
/**
 * A kubeconfig holding one context (the service's cluster, its user, its namespace) for a helm
 * process, written to a 0600 file in a private temp dir and removed after. It is built from the
 * KubeConfig the dashboard already loaded (lib/k8s/clients.ts), so helm talks to exactly the
 * cluster and identity the rest of the rollback uses. Its contents never reach a log or a message.
 *
 * Field names are kubeconfig's (client-go clientcmd/api/v1 types.go, as client-node's exportCluster
 * and exportUser write them); the in-cluster ServiceAccount (client-node's `tokenFile` auth
 * provider) becomes client-go's `tokenFile`, so helm re-reads a rotated projected token.
 * @see https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/api/v1/types.go
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";
import type { KubeClients } from "@/lib/k8s/clients";

type Json = Record<string, unknown>;
const defined = (o: Json): Json =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/** The one-context kubeconfig document for `kube`'s context, with `namespace` as its namespace. */
export function oneContextKubeconfig(kube: Pick<KubeClients, "kc" | "context">, namespace: string): Json {
  const ctx = kube.kc.getContextObject(kube.context);
  const cluster = ctx && kube.kc.getCluster(ctx.cluster);
  const user = ctx?.user ? kube.kc.getUser(ctx.user) : null;
  if (!ctx || !cluster)
    throw new AppError("invalid", `Kubernetes context "${kube.context}" has no cluster to hand to helm`);
  const tokenFile =
    user?.authProvider?.name === "tokenFile" ? (user.authProvider.config?.tokenFile as string | undefined) : undefined;
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "target",
        cluster: defined({
          server: cluster.server,
          "certificate-authority-data": cluster.caData,
          "certificate-authority": cluster.caFile,
          "insecure-skip-tls-verify": cluster.skipTLSVerify || undefined,
          "tls-server-name": cluster.tlsServerName,
          "proxy-url": cluster.proxyUrl,
        }),
      },
    ],
    users: [
      {
        name: "target",
        user: defined({
          token: user?.token,
          tokenFile,
          "client-certificate-data": user?.certData,
          "client-certificate": user?.certFile,
          "client-key-data": user?.keyData,
          "client-key": user?.keyFile,
          username: user?.username,
          password: user?.password,
          exec: user?.exec,
          as: user?.impersonateUser,
          // Other auth providers (gcp, azure, oidc) are plugins helm would run as configured.
          "auth-provider": tokenFile ? undefined : user?.authProvider,
        }),
      },
    ],
    contexts: [{ name: "target", context: { cluster: "target", user: "target", namespace } }],
    "current-context": "target",
  };
}

/** Runs `fn` with the path of the kubeconfig file (0600, in a 0700 temp dir), then deletes it. */
export async function withKubeconfigFile<T>(
  kube: Pick<KubeClients, "kc" | "context">,
  namespace: string,
  fn: (file: string, dir: string) => Promise<T>,
): Promise<T> {
  const doc = oneContextKubeconfig(kube, namespace);
  const dir = await mkdtemp(path.join(os.tmpdir(), "rcc-helm-"));
  try {
    const file = path.join(dir, "kubeconfig");
    await writeFile(file, JSON.stringify(doc), { mode: 0o600 });
    return await fn(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
