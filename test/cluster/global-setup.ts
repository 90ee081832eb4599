/**
 * vitest globalSetup for tests that need Kubernetes. With TEST_KUBECONFIG set, the tests use that
 * existing cluster (kind, k3d, minikube, ...); otherwise a throwaway control plane is started with
 * ./launcher.ts (building it first when missing) and stopped at the end.
 *
 * Tests read the kubeconfig path with `inject('kubeconfig')` (see provided.d.ts) or from
 * process.env.TEST_KUBECONFIG_PATH.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { kubectl } from "./kubectl";
import { CRD_FILES, startCluster, tryBuiltDir, type Cluster } from "./launcher";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: Cluster | undefined;
  let kubeconfig: string;
  const external = process.env.TEST_KUBECONFIG;
  if (external) {
    kubeconfig = path.resolve(external);
    if (!existsSync(kubeconfig)) throw new Error(`TEST_KUBECONFIG=${external} does not exist`);
    await installCrdsOn(kubeconfig);
    process.stderr.write(`[cluster] using existing cluster from TEST_KUBECONFIG=${kubeconfig}\n`);
  } else {
    cluster = await startCluster({ name: "vitest" });
    kubeconfig = cluster.kubeconfigPath;
    process.stderr.write(`[cluster] ${cluster.version} ready in ${cluster.startupMs} ms at ${cluster.server}\n`);
  }
  project.provide("kubeconfig", kubeconfig);
  process.env.TEST_KUBECONFIG_PATH = kubeconfig;
  return async () => {
    await cluster?.stop();
  };
}

/** On an external cluster, install the CRDs the tests need (idempotent), when they are built. */
async function installCrdsOn(kubeconfig: string): Promise<void> {
  if (process.env.RCC_INSTALL_CRDS === "0") return;
  const dir = tryBuiltDir();
  if (!dir) {
    process.stderr.write(
      "[cluster] CRDs not built (run test/cluster/build.sh); not installing them on TEST_KUBECONFIG\n",
    );
    return;
  }
  const files = CRD_FILES.map((f) => path.join(dir, "crds", f));
  await kubectl(kubeconfig, ["apply", "--server-side", "--force-conflicts", ...files.flatMap((f) => ["-f", f])]);
  await kubectl(kubeconfig, [
    "wait",
    "--for=condition=Established",
    "--timeout=60s",
    ...files.flatMap((f) => ["-f", f]),
  ]);
}
