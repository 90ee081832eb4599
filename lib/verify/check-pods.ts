// Check 1: every pod of the service's Deployments runs the target image and is Ready, read from the
// cluster (not from the Deployment's status, which says what should run, not what does).
import type { V1Pod } from "@kubernetes/client-node";
import { k8s, type CallContext } from "@/lib/k8s/call";
import { templateImages } from "@/lib/k8s/deployment-state";
import { getDeployment } from "@/lib/k8s/deployments";
import { labelSelectorToString } from "@/lib/k8s/label-selector";
import type { CheckStatus } from "@/lib/verify/types";

export type Outcome = { status: CheckStatus; reason: string | null; detail?: string };

const isReady = (p: V1Pod) => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** What is wrong with one pod, or null. `expectedImage` must be one of its containers' images. */
export function podProblem(pod: V1Pod, template: Map<string, string>, expectedImage?: string): string | null {
  const name = pod.metadata?.name ?? "(unnamed)";
  const containers = pod.spec?.containers ?? [];
  const images = containers.map((c) => c.image ?? "");
  if (expectedImage && !images.includes(expectedImage))
    return `pod ${name} runs ${images.join(", ") || "nothing"}, not ${expectedImage}`;
  for (const c of containers) {
    const want = template.get(c.name);
    if (want !== undefined && want !== c.image)
      return `pod ${name} container ${c.name} runs ${c.image}, the Deployment wants ${want}`;
  }
  if (!isReady(pod)) return `pod ${name} is not Ready (${pod.status?.phase ?? "no phase"})`;
  return null;
}

export async function checkPods(
  ctx: CallContext,
  namespace: string,
  deployments: string[],
  expectedImage?: string,
): Promise<Outcome> {
  if (deployments.length === 0) return { status: "skipped", reason: "the service lists no Deployments" };
  const problems: string[] = [];
  const seen: string[] = [];
  for (const name of deployments) {
    const d = await getDeployment(ctx, namespace, name);
    const template = new Map(
      templateImages(d.spec.template)
        .filter((i) => !i.init)
        .map((i) => [i.container, i.image]),
    );
    const labelSelector = labelSelectorToString(d.spec.selector);
    const list = await k8s(ctx, `list Pods of Deployment "${namespace}/${name}"`, () =>
      ctx.kube.core.listNamespacedPod({ namespace, labelSelector }),
    );
    // Pods on their way out no longer serve; the ReplicaSet replaces them.
    const pods = list.items.filter((p) => !p.metadata?.deletionTimestamp);
    const desired = d.spec.replicas ?? 1;
    const bad = pods.map((p) => podProblem(p, template, expectedImage)).filter((x): x is string => x !== null);
    problems.push(...bad.slice(0, 5));
    if (bad.length > 5) problems.push(`…and ${bad.length - 5} more pods of ${name}`);
    const good = pods.length - bad.length;
    if (good < desired) problems.push(`${name}: ${good} of ${desired} desired pods run the target image and are Ready`);
    seen.push(`${name} ${good}/${desired} on ${expectedImage ?? [...template.values()].join(", ")}`);
  }
  if (problems.length) return { status: "failed", reason: problems.join("; ") };
  return { status: "passed", reason: null, detail: seen.join("; ") };
}
