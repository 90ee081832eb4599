/**
 * A temp kubeconfig with several contexts on the test cluster, the way a dashboard's kubeconfig
 * holds several clusters: `rcc-admin` (the test cluster's admin), `rcc-limited` (a ServiceAccount
 * holding only `rules` in `namespace`, token from the TokenRequest API; its context namespace is
 * `namespace`) and `rcc-down` (a cluster URL where nothing listens).
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { kubectlJson } from "@/test/cluster/kubectl";
import { limitedKubeconfig } from "@/test/k8s/helpers";

export const ADMIN = "rcc-admin";
export const LIMITED = "rcc-limited";
export const DOWN = "rcc-down";

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function multiContextKubeconfig(
  adminKubeconfig: string,
  limited: { namespace: string; serviceAccount: string; rules: object[] },
): Promise<{ path: string; server: string }> {
  const admin = await kubectlJson<any>(adminKubeconfig, ["config", "view", "--raw", "--minify"]);
  const limitedFile = await limitedKubeconfig(
    adminKubeconfig,
    limited.namespace,
    limited.serviceAccount,
    limited.rules,
  );
  const lim = JSON.parse(await readFile(limitedFile, "utf8"));
  const cluster = admin.clusters[0];
  const cfg = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      cluster,
      { name: "down", cluster: { ...cluster.cluster, server: `https://127.0.0.1:${await closedPort()}` } },
    ],
    users: [
      { name: "admin", user: admin.users[0].user },
      { name: "limited", user: lim.users[0].user },
    ],
    contexts: [
      { name: ADMIN, context: { cluster: cluster.name, user: "admin" } },
      { name: LIMITED, context: { cluster: cluster.name, user: "limited", namespace: limited.namespace } },
      { name: DOWN, context: { cluster: "down", user: "admin" } },
    ],
    "current-context": ADMIN,
  };
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "rcc-contexts-")), "kubeconfig");
  await writeFile(file, JSON.stringify(cfg), { mode: 0o600 });
  return { path: file, server: cluster.cluster.server };
}
