/**
 * Where the dashboard's Kubernetes configuration comes from, decided the way
 * `KubeConfig.loadFromDefault()` does (KUBECONFIG's files, merged; else ~/.kube/config; else the
 * in-cluster service account; else nothing), but remembered, so an error can say where the
 * dashboard looked instead of client-node's fallback ("HTTP protocol is not allowed when
 * skipTLSVerify is not set or false", from its placeholder cluster http://localhost:8080).
 *
 * @see https://github.com/kubernetes-client/javascript/blob/main/src/config.ts (loadFromDefault)
 * @see https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/loader.go (KUBECONFIG merge order)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

/** The token file client-node's in-cluster loading needs (the pod's projected service account). */
export const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export type KubeconfigSource =
  /** `via`: the KUBECONFIG variable, a path the caller named, or ~/.kube/config. */
  | { kind: "files"; files: string[]; via: "KUBECONFIG" | "path" | "home" }
  | { kind: "in-cluster" }
  /** Nothing found: client-node would invent http://localhost:8080, which it then refuses. */
  | { kind: "none"; home: string };

function homeConfig(env: Record<string, string | undefined>): string {
  return path.join(env.HOME || os.homedir(), ".kube", "config");
}

/** Where a kubeconfig is read from for `kubeconfigPath` (may be a KUBECONFIG-style list) or the defaults. */
export function kubeconfigSource(
  kubeconfigPath?: string,
  env: Record<string, string | undefined> = process.env,
): KubeconfigSource {
  const list = (s: string) => s.split(path.delimiter).filter(Boolean);
  if (kubeconfigPath)
    return {
      kind: "files",
      files: list(kubeconfigPath),
      via: kubeconfigPath === env.KUBECONFIG ? "KUBECONFIG" : "path",
    };
  if (env.KUBECONFIG && list(env.KUBECONFIG).length)
    return { kind: "files", files: list(env.KUBECONFIG), via: "KUBECONFIG" };
  const home = homeConfig(env);
  if (fs.existsSync(home)) return { kind: "files", files: [home], via: "home" };
  if (fs.existsSync(IN_CLUSTER_TOKEN)) return { kind: "in-cluster" };
  return { kind: "none", home };
}

/** The source in words, for messages: `KUBECONFIG (/a, /b)`, `~/.kube/config (/root/.kube/config)`. */
export function describeSource(source: KubeconfigSource): string {
  switch (source.kind) {
    case "files": {
      const files = source.files.join(", ");
      if (source.via === "KUBECONFIG") return `KUBECONFIG (${files})`;
      if (source.via === "home") return `~/.kube/config (${files})`;
      return `the kubeconfig ${files}`;
    }
    case "in-cluster":
      return "the in-cluster service account";
    case "none":
      return "no kubeconfig";
  }
}

/**
 * A KubeConfig from `source`: files merged in order (the first file's current context wins, as
 * kubectl merges KUBECONFIG), the in-cluster account, or client-node's own placeholder for none.
 * File and YAML errors are thrown as they are (their text may quote the file: callers word them).
 */
export function loadKubeconfig(source: KubeconfigSource): KubeConfig {
  const kc = new KubeConfig();
  if (source.kind === "in-cluster") kc.loadFromCluster();
  else if (source.kind === "none")
    kc.loadFromClusterAndUser(
      { name: "cluster", server: "http://localhost:8080", skipTLSVerify: false },
      { name: "user" },
    );
  else {
    kc.loadFromFile(source.files[0]);
    for (const file of source.files.slice(1)) {
      const next = new KubeConfig();
      next.loadFromFile(file);
      // kubectl: the first file that sets current-context wins (client-node would take the last).
      kc.mergeConfig(next, Boolean(kc.currentContext));
    }
  }
  return kc;
}
