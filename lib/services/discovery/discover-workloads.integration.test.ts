// Discovery on the real control plane: two namespaces seen through three contexts of one kubeconfig
// (the admin, a least-privilege ServiceAccount, a cluster that does not answer).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { discoverWorkloadsAction } from "@/lib/actions/discover-workloads";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { kubectl } from "@/test/cluster/kubectl";
import { ADMIN, DOWN, LIMITED, multiContextKubeconfig } from "@/test/k8s/contexts";
import { IMG, apply, createNamespace, deleteNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { annotatedServices } from "./annotated-services";
import { discoverAll, discoverWorkloads } from "./discover-workloads";
import { listKubeContexts } from "./list-kube-contexts";
import type { ContextDiscovery } from "./types";

const kubeconfig = inject("kubeconfig");
const A = "rollback-command-center.io/";
const suffix = Math.random().toString(36).slice(2, 7);
const shop = `shop-${suffix}`;
const admin: ActingUser = { id: "disc-admin", email: "a@test.local", name: "admin", role: "admin" };
const viewer: ActingUser = { id: "disc-viewer", email: "v@test.local", name: "viewer", role: "viewer" };

function annotated(name: string, o: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}) {
  const d = deployment(name, { image: IMG("3.9"), replicas: 1 });
  return {
    ...d,
    metadata: { name, labels: { ...d.metadata.labels, ...o.labels }, annotations: o.annotations ?? {} },
  };
}

let ns1: string;
let ns2: string;
let file: string;
let server: string;
let all: ContextDiscovery[];

beforeAll(async () => {
  [ns1, ns2] = await Promise.all([createNamespace(kubeconfig, "disc-a"), createNamespace(kubeconfig, "disc-b")]);
  const objs: [string, object][] = [
    [
      ns1,
      annotated("web", {
        labels: { "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": "web" },
        annotations: {
          "meta.helm.sh/release-name": "shop",
          "meta.helm.sh/release-namespace": ns1,
          [`${A}service`]: shop,
          [`${A}trigger-policy`]: "auto",
          [`${A}health-url`]: "http://web.shop.svc/healthz",
        },
      }),
    ],
    [ns1, annotated("worker", { annotations: { [`${A}service`]: shop, [`${A}needs-second-approver`]: "true" } })],
    [
      ns2,
      annotated("api", {
        labels: { "app.kubernetes.io/instance": "api-prod" },
        annotations: { "argocd.argoproj.io/tracking-id": `api-prod:apps/Deployment:${ns2}/api` },
      }),
    ],
    [
      ns2,
      annotated("ui", {
        labels: { "kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system" },
      }),
    ],
    [ns2, annotated("bad", { annotations: { [`${A}service`]: `bad-${suffix}`, [`${A}trigger-policy`]: "sometimes" } })],
  ];
  for (const [ns, o] of objs) await apply(kubeconfig, ns, o);
  for (const [ns, o] of objs) {
    const name = (o as { metadata: { name: string } }).metadata.name;
    await waitObserved(kubeconfig, ns, name);
    await kubectl(kubeconfig, ["-n", ns, "rollout", "status", `deployment/${name}`, "--timeout=90s"]);
  }
  ({ path: file, server } = await multiContextKubeconfig(kubeconfig, {
    namespace: ns2,
    serviceAccount: "discoverer",
    rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] }],
  }));
  all = await discoverAll({ kubeconfigPath: file });
});

afterAll(async () => {
  await Promise.all([ns1, ns2].filter(Boolean).map((ns) => deleteNamespace(kubeconfig, ns)));
});

const ctx = (name: string) => all.find((c) => c.context === name)!;
const ns = (c: ContextDiscovery, name: string) => c.namespaces.find((n) => n.name === name);

describe("listKubeContexts", () => {
  it("names the kubeconfig file and its contexts, servers and namespaces, without credentials", async () => {
    const info = listKubeContexts({ kubeconfigPath: file });
    expect(info).toMatchObject({ source: "path", paths: [file], currentContext: ADMIN, error: null });
    expect(info.contexts.map((c) => [c.name, c.namespace, c.current])).toEqual([
      [ADMIN, "default", true],
      [LIMITED, ns2, false],
      [DOWN, "default", false],
    ]);
    expect(info.contexts[0].server).toBe(server);
    const text = JSON.stringify(info);
    const raw = JSON.parse(await (await import("node:fs/promises")).readFile(file, "utf8"));
    const token = raw.users.find((u: { name: string }) => u.name === "limited").user.token as string;
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/BEGIN|client-key|token/i);
  });

  it("says plainly when the kubeconfig cannot be read", () => {
    expect(listKubeContexts({ kubeconfigPath: "/nonexistent/kubeconfig" }).error).toBe(
      "The kubeconfig file could not be read.",
    );
  });
});

describe("discovery", () => {
  it("lists both namespaces' Deployments with images, revision, readiness and owners", () => {
    const c = ctx(ADMIN);
    expect(c).toMatchObject({ error: null, server });
    expect(c.namespaces.some((n) => n.name === "kube-system")).toBe(false);
    const a = ns(c, ns1)!;
    const b = ns(c, ns2)!;
    expect(a.workloads.map((w) => w.name)).toEqual(["web", "worker"]);
    expect(b.workloads.map((w) => w.name)).toEqual(["api", "bad", "ui"]);
    const web = a.workloads[0];
    expect(web).toMatchObject({
      kind: "Deployment",
      context: ADMIN,
      namespace: ns1,
      images: [{ container: "app", image: IMG("3.9") }],
      revision: 1,
      readiness: { desired: 1, ready: 1, available: 1, updated: 1, allReady: true },
      appName: "web",
      managedBy: [{ tool: "helm", release: "shop", releaseNamespace: ns1 }],
    });
    expect(b.workloads[0].managedBy).toEqual([
      { tool: "argocd", application: "api-prod", applicationNamespace: null, via: "annotation" },
    ]);
    expect(b.workloads[2].managedBy).toEqual([
      { tool: "flux", kind: "Kustomization", name: "apps", namespace: "flux-system" },
    ]);
    // Annotations other than ours stay on the server.
    expect(JSON.stringify(c)).not.toContain("last-applied-configuration");
  });

  it("a least-privilege context sees its own namespace, says why, and an unreachable one has its own error", () => {
    const l = ctx(LIMITED);
    expect(l.error).toBeNull();
    expect(l.warnings).toEqual([
      `This identity may not list namespaces; showing its context's namespace "${ns2}" only.`,
    ]);
    expect(l.namespaces.map((n) => [n.name, n.error, n.workloads.map((w) => w.name)])).toEqual([
      [ns2, null, ["api", "bad", "ui"]],
    ]);
    const d = ctx(DOWN);
    expect(d.error).toMatch(/^Kubernetes API server unreachable at https:\/\/127\.0\.0\.1:\d+/);
    expect(d.namespaces).toEqual([]);
  });

  it("filters by namespace, and says when the namespace or the context does not exist", async () => {
    const one = await discoverWorkloads(ADMIN, { kubeconfigPath: file, namespace: ns1 });
    expect(one.namespaces.map((n) => n.name)).toEqual([ns1]);
    const missing = await discoverWorkloads(ADMIN, { kubeconfigPath: file, namespace: `nope-${suffix}` });
    expect(missing.error).toBe(`Namespace "nope-${suffix}" does not exist.`);
    const unknown = await discoverWorkloads("no-such-context", { kubeconfigPath: file });
    expect(unknown.error).toBe('Kubernetes context "no-such-context" is not in the kubeconfig.');
    // Forbidden in a namespace: that namespace's error, not the context's.
    const forbidden = await discoverWorkloads(LIMITED, { kubeconfigPath: file, namespace: ns1 });
    expect(forbidden.error).toBeNull();
    expect(forbidden.namespaces[0].error).toMatch(
      /^the cluster's RBAC forbids list deployments\.apps in namespace ".*" for system:serviceaccount:/,
    );
  });

  it("annotated workloads become service proposals; a bad annotation is an error naming it", () => {
    const r = annotatedServices(all);
    const mine = r.services.filter((s) => s.settings.name === shop);
    expect(mine).toHaveLength(1);
    expect(mine[0].from).toEqual([`${ADMIN}/${ns1}/Deployment/web`, `${ADMIN}/${ns1}/Deployment/worker`]);
    expect(mine[0].settings).toMatchObject({
      clusterContext: ADMIN,
      namespace: ns1,
      deployments: ["web", "worker"],
      triggerPolicy: "auto",
      healthUrl: "http://web.shop.svc/healthz",
      needsSecondApprover: true,
    });
    const bad = r.errors.filter((e) => e.service === `bad-${suffix}`);
    expect(bad.map((e) => [e.annotation, e.from])).toEqual([
      [`${A}trigger-policy`, [`${ADMIN}/${ns2}/Deployment/bad`]],
    ]);
  });
});

describe("discoverWorkloadsAction", () => {
  it("gives an admin the kubeconfig, every context and the proposals; refuses a viewer", async () => {
    const before = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const r = await runAs(admin, () => discoverWorkloadsAction({ namespace: ns1 }));
      if (!r.ok) throw new Error(r.error);
      expect(r.data.kubeconfig).toMatchObject({ source: "KUBECONFIG", paths: [file] });
      expect(r.data.contexts.map((c) => c.context)).toEqual([ADMIN, LIMITED, DOWN]);
      expect(r.data.annotated.services.map((s) => s.settings.name)).toContain(shop);
      // JSON round trip: what the browser receives is what the server built.
      expect(JSON.parse(JSON.stringify(r.data))).toEqual(r.data);
      const denied = await runAs(viewer, () => discoverWorkloadsAction({}));
      expect(denied).toMatchObject({ ok: false, code: "forbidden" });
    } finally {
      if (before === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = before;
    }
  });
});
