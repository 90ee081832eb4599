/** Helpers for the integration tests of this layer (real control plane, real kubectl; no mocks). */
import { randomBytes } from "node:crypto";
import { kubectl, kubectlJson, kubectlRaw } from "@/test/cluster/kubectl";
import type { StrategyContext, StepReport } from "@/lib/rollback/strategy";
import { kubeClients } from "@/lib/k8s/clients";
import type { Deployment } from "@/lib/k8s/types";

export const IMG = (tag: string) => `registry.k8s.io/pause:${tag}`;

export function testNamespaceName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

export async function createNamespace(kubeconfig: string, prefix: string): Promise<string> {
  const ns = testNamespaceName(prefix);
  await kubectl(kubeconfig, ["create", "namespace", ns]);
  // The serviceaccount controller creates "default" asynchronously; pods are rejected until then.
  for (let i = 0; i < 100; i++) {
    if ((await kubectlRaw(kubeconfig, ["-n", ns, "get", "serviceaccount", "default"])).code === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ns;
}

export async function deleteNamespace(kubeconfig: string, ns: string): Promise<void> {
  await kubectl(kubeconfig, ["delete", "namespace", ns, "--wait=false"]).catch(() => {});
}

export function apply(kubeconfig: string, ns: string, obj: object): Promise<string> {
  return kubectl(kubeconfig, ["-n", ns, "apply", "-f", "-"], JSON.stringify(obj));
}

export function getJson<T = any>(kubeconfig: string, ns: string, ...what: string[]): Promise<T> {
  return kubectlJson<T>(kubeconfig, ["-n", ns, "get", ...what]);
}

/** Until the deployment controller has seen the latest spec (so each change is its own revision). */
export async function waitObserved(
  kubeconfig: string,
  ns: string,
  name: string,
  timeoutMs = 30_000,
): Promise<Deployment> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = await getJson<Deployment>(kubeconfig, ns, "deployment", name);
    const rev = d.metadata.annotations?.["deployment.kubernetes.io/revision"];
    if ((d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) && rev) return d;
    if (Date.now() > end) throw new Error(`deployment ${ns}/${name} not observed in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function deployment(
  name: string,
  opts: { image?: string; replicas?: number; labels?: Record<string, string>; extra?: Record<string, unknown> } = {},
) {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas: opts.replicas ?? 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image: opts.image ?? IMG("3.9") }] } },
      ...opts.extra,
    },
  };
}

export function strategyContext(
  kubeconfig: string,
  namespace: string,
  over: Partial<StrategyContext> = {},
): StrategyContext {
  return {
    kube: kubeClients(undefined, kubeconfig),
    namespace,
    signal: new AbortController().signal,
    timeoutMs: 60_000,
    ...over,
  };
}

/** A Reporter that keeps every step report, for assertions on what the runner would record. */
export function recorder(): { steps: StepReport[]; report: (r: StepReport) => void } {
  const steps: StepReport[] = [];
  return { steps, report: (r) => void steps.push(r) };
}

/**
 * A kubeconfig for a ServiceAccount that holds only `rules` in `ns` (a Role + RoleBinding), with a
 * token from the TokenRequest API: how the app would run with least privilege.
 */
export async function limitedKubeconfig(
  kubeconfig: string,
  ns: string,
  name: string,
  rules: object[],
): Promise<string> {
  const { writeFile, mkdtemp } = await import("node:fs/promises");
  const os = await import("node:os");
  const path = await import("node:path");
  await apply(kubeconfig, ns, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name } });
  await apply(kubeconfig, ns, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name }, rules });
  await apply(kubeconfig, ns, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ kind: "ServiceAccount", name, namespace: ns }],
  });
  const token = (await kubectl(kubeconfig, ["-n", ns, "create", "token", name])).trim();
  const admin = await kubectlJson<any>(kubeconfig, ["config", "view", "--raw", "--minify"]);
  const cfg = {
    apiVersion: "v1",
    kind: "Config",
    clusters: admin.clusters,
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: admin.clusters[0].name, user: name, namespace: ns } }],
    "current-context": name,
  };
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "rcc-rbac-")), "kubeconfig");
  await writeFile(file, JSON.stringify(cfg));
  return file;
}
