// The demo service's Deployment in the sandbox cluster: created at start with the good image, so
// the bad deploy is revision 2 and "undo" has a good revision to go back to.
import { AppsV1Api, KubeConfig, type V1Deployment } from "@kubernetes/client-node";
import { GOOD_IMAGE, SANDBOX } from "./config";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function appsApi(kubeconfigPath: string): AppsV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc.makeApiClient(AppsV1Api);
}

export function demoDeployment(image = GOOD_IMAGE): V1Deployment {
  const labels = { app: SANDBOX.deployment };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: SANDBOX.deployment,
      namespace: SANDBOX.namespace,
      labels,
      annotations: { "kubernetes.io/change-cause": `sandbox start: ${image}` },
    },
    spec: {
      replicas: SANDBOX.replicas,
      selector: { matchLabels: labels },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "app", image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

/** Done as `kubectl rollout status` sees it: observed, all updated, all available, no old pods. */
export function rolloutDone(d: V1Deployment): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want
  );
}

export async function waitForRollout(apps: AppsV1Api, timeoutMs = 90_000): Promise<V1Deployment> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await apps.readNamespacedDeployment({ name: SANDBOX.deployment, namespace: SANDBOX.namespace });
    if (rolloutDone(d)) return d;
    if (Date.now() > deadline)
      throw new Error(
        `Deployment ${SANDBOX.namespace}/${SANDBOX.deployment} did not finish rolling out in ${timeoutMs} ms`,
      );
    await sleep(250);
  }
}

export async function createDemoDeployment(kubeconfigPath: string): Promise<V1Deployment> {
  const apps = appsApi(kubeconfigPath);
  await apps.createNamespacedDeployment({ namespace: SANDBOX.namespace, body: demoDeployment() });
  return waitForRollout(apps);
}

export async function currentImage(apps: AppsV1Api): Promise<string | null> {
  const d = await apps.readNamespacedDeployment({ name: SANDBOX.deployment, namespace: SANDBOX.namespace });
  return d.spec?.template?.spec?.containers?.[0]?.image ?? null;
}
