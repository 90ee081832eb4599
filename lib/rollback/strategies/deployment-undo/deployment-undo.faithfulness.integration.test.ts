/**
 * Faithfulness: for each starting state, two identical Deployments with the same history (one per
 * namespace, same name); our undo on one, the real `kubectl rollout undo` on the other; the
 * resulting spec (template included), annotations and outcome message must be identical.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubectl, kubectlRaw } from "@/test/cluster/kubectl";
import {
  IMG,
  apply,
  createNamespace,
  deleteNamespace,
  getJson,
  recorder,
  strategyContext,
  waitObserved,
} from "@/test/k8s/helpers";
import type { Deployment } from "@/lib/k8s/types";
import { deploymentUndo } from "@/lib/rollback/strategies/deployment-undo/strategy";

const kubeconfig = inject("kubeconfig");
let ours: string;
let theirs: string;
beforeAll(async () => {
  [ours, theirs] = await Promise.all([
    createNamespace(kubeconfig, "rcc-ours"),
    createNamespace(kubeconfig, "rcc-kubectl"),
  ]);
});
afterAll(() => Promise.all([deleteNamespace(kubeconfig, ours), deleteNamespace(kubeconfig, theirs)]));

type Step = (ns: string, name: string) => Promise<unknown>;
const k =
  (...args: string[]): Step =>
  (ns, name) =>
    kubectl(kubeconfig, ["-n", ns, ...args.map((a) => a.replaceAll("NAME", name))]);
const ap =
  (make: (name: string) => object): Step =>
  (ns, name) =>
    apply(kubeconfig, ns, make(name));
const cause = (text: string) => k("annotate", "--overwrite", "deployment/NAME", `kubernetes.io/change-cause=${text}`);

function manifest(
  name: string,
  o: { image: string; sidecar?: string; env?: string; team?: string; podNote?: string; expressions?: boolean },
) {
  const labels: Record<string, string> = o.expressions
    ? { app: name, tier: "frontend", track: "stable" }
    : { app: name };
  const selector = o.expressions
    ? {
        matchLabels: { app: name },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["frontend", "edge"] },
          { key: "track", operator: "Exists" },
        ],
      }
    : { matchLabels: { app: name } };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, annotations: o.team ? { team: o.team } : undefined },
    spec: {
      replicas: 2,
      selector,
      template: {
        metadata: { labels, annotations: o.podNote ? { note: o.podNote } : undefined },
        spec: {
          initContainers: o.sidecar ? [{ name: "init", image: IMG("init-1"), command: ["/bin/true"] }] : undefined,
          containers: [
            {
              name: "app",
              image: o.image,
              env: o.env ? [{ name: "MODE", value: o.env }] : undefined,
              resources: { requests: { cpu: "100m", memory: "64Mi" } },
            },
            ...(o.sidecar
              ? [{ name: "sidecar", image: o.sidecar, ports: [{ containerPort: 9090, name: "metrics" }] }]
              : []),
          ],
        },
      },
    },
  };
}

interface Scenario {
  title: string;
  history: Step[];
  toRevision: number;
}

const scenarios: Scenario[] = [
  {
    title: "three revisions with change-cause, back to the previous",
    history: [
      ap((n) => manifest(n, { image: IMG("v1") })),
      cause("deploy v1"),
      k("set", "image", "deployment/NAME", `app=${IMG("v2")}`),
      cause("deploy v2"),
      k("set", "image", "deployment/NAME", `app=${IMG("v3")}`),
      cause("deploy v3"),
    ],
    toRevision: 0,
  },
  {
    title: "multi-container template with an init container, --to-revision=1",
    history: [
      ap((n) => manifest(n, { image: IMG("v1"), sidecar: IMG("side-1"), env: "a" })),
      k("set", "image", "deployment/NAME", `sidecar=${IMG("side-2")}`),
      k("set", "env", "deployment/NAME", "-c", "app", "MODE=b", "EXTRA=1"),
      k("set", "image", "deployment/NAME", `app=${IMG("v2")}`, `init=${IMG("init-2")}`),
    ],
    toRevision: 1,
  },
  {
    title: "matchExpressions selector, pod-template annotations, previous",
    history: [
      ap((n) => manifest(n, { image: IMG("v1"), expressions: true, podNote: "one" })),
      ap((n) => manifest(n, { image: IMG("v2"), expressions: true, podNote: "two" })),
      ap((n) => manifest(n, { image: IMG("v3"), expressions: true })),
    ],
    toRevision: 0,
  },
  {
    title: "kubectl apply history (last-applied-configuration) with Deployment annotations, --to-revision=2",
    history: [
      ap((n) => manifest(n, { image: IMG("v1"), team: "a" })),
      ap((n) => manifest(n, { image: IMG("v2"), team: "b" })),
      cause("v2 by apply"),
      ap((n) => manifest(n, { image: IMG("v3"), team: "c" })),
      k("annotate", "deployment/NAME", "extra=kept-until-undo"),
    ],
    toRevision: 2,
  },
  {
    title: "rollback of a rollback (the previous revision was itself a rollback)",
    history: [
      ap((n) => manifest(n, { image: IMG("v1") })),
      cause("one"),
      k("set", "image", "deployment/NAME", `app=${IMG("v2")}`),
      cause("two"),
      k("rollout", "undo", "deployment/NAME"),
      k("set", "image", "deployment/NAME", `app=${IMG("v4")}`),
      cause("four"),
    ],
    toRevision: 0,
  },
  {
    title: "already at the chosen revision: skipped",
    history: [ap((n) => manifest(n, { image: IMG("v1") })), k("set", "image", "deployment/NAME", `app=${IMG("v2")}`)],
    toRevision: 2,
  },
];

const slug = (i: number) => `faithful-${i}`;

async function prepare(name: string, history: Step[]) {
  for (const step of history) {
    for (const ns of [ours, theirs]) {
      await step(ns, name);
      await waitObserved(kubeconfig, ns, name);
    }
  }
}

async function kubectlUndo(name: string, toRevision: number): Promise<string> {
  const r = await kubectlRaw(kubeconfig, [
    "-n",
    theirs,
    "rollout",
    "undo",
    `deployment/${name}`,
    ...(toRevision ? [`--to-revision=${toRevision}`] : []),
  ]);
  return r.code === 0 ? r.stdout.trim() : r.stderr.trim();
}

async function ourUndo(name: string, toRevision: number): Promise<string> {
  const ctx = strategyContext(kubeconfig, ours);
  try {
    const plan = await deploymentUndo.plan(ctx, { deployment: name, toRevision });
    const res = await deploymentUndo.execute(ctx, plan, recorder().report);
    // kubectl's printer: "<resource>/<name> <message>"
    return `deployment.apps/${name} ${res.outcome === "skipped" ? res.message : "rolled back"}`;
  } catch (e) {
    return `error: ${(e as { userMessage?: string }).userMessage ?? String(e)}`;
  }
}

// last-applied-configuration records the namespace, the one legitimate difference between the copies.
const comparable = (d: Deployment) =>
  JSON.parse(
    JSON.stringify({ spec: d.spec, annotations: d.metadata.annotations, labels: d.metadata.labels }).replaceAll(
      d.metadata.namespace!,
      "NS",
    ),
  );

describe("our undo equals kubectl rollout undo", () => {
  scenarios.forEach((s, i) => {
    it(s.title, async () => {
      const name = slug(i);
      await prepare(name, s.history);
      const before = comparable(await getJson(kubeconfig, ours, "deployment", name));
      expect(comparable(await getJson(kubeconfig, theirs, "deployment", name))).toEqual(before); // identical starting states

      const [mine, reference] = [await ourUndo(name, s.toRevision), await kubectlUndo(name, s.toRevision)];
      expect(mine).toBe(reference);
      const [a, b] = await Promise.all([waitObserved(kubeconfig, ours, name), waitObserved(kubeconfig, theirs, name)]);
      expect(comparable(a)).toEqual(comparable(b));
      if (!/skipped/.test(reference)) expect(comparable(a)).not.toEqual(before);
    });
  });

  it("fails with kubectl's exact words: unknown revision, no history, paused", async () => {
    const name = "faithful-errors";
    await prepare(name, [ap((n) => manifest(n, { image: IMG("v1") }))]);
    expect(await ourUndo(name, 0)).toBe(await kubectlUndo(name, 0)); // no rollout history
    expect(await ourUndo(name, 7)).toBe(await kubectlUndo(name, 7));
    await prepare(name, [
      k("set", "image", "deployment/NAME", `app=${IMG("v2")}`),
      k("rollout", "pause", "deployment/NAME"),
    ]);
    const paused = await kubectlUndo(name, 0);
    expect(paused).toMatch(/paused/);
    expect(await ourUndo(name, 0)).toBe(paused);
  });
});
