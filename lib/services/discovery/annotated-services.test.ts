import { describe, expect, it } from "vitest";
import { serviceSettingsSchema } from "@/lib/services/service-settings";
import { annotatedServices } from "./annotated-services";
import { describeDeployment, managedByOf } from "./describe-workload";
import { proposeService, toServiceName } from "./propose-service";
import type { ContextDiscovery, DiscoveredWorkload } from "./types";

const A = "rollback-command-center.io/";

function w(name: string, over: Partial<DiscoveredWorkload> = {}, ann: Record<string, string> = {}): DiscoveredWorkload {
  return {
    kind: "Deployment",
    context: "prod",
    namespace: "shop",
    name,
    images: [{ container: "app", image: `registry/${name}:1` }],
    revision: 1,
    readiness: { desired: 1, ready: 1, available: 1, updated: 1, allReady: true },
    appName: null,
    managedBy: [],
    rccAnnotations: Object.fromEntries(Object.entries(ann).map(([k, v]) => [A + k, v])),
    ...over,
  };
}
const discovery = (...workloads: DiscoveredWorkload[]): ContextDiscovery[] => {
  const byCtx = new Map<string, ContextDiscovery>();
  for (const x of workloads) {
    const c = byCtx.get(x.context) ?? { context: x.context, server: null, namespaces: [], error: null, warnings: [] };
    byCtx.set(x.context, c);
    let ns = c.namespaces.find((n) => n.name === x.namespace);
    if (!ns) c.namespaces.push((ns = { name: x.namespace, workloads: [], error: null }));
    ns.workloads.push(x);
  }
  return [...byCtx.values()];
};

describe("annotatedServices", () => {
  it("joins the Deployments of one namespace annotated with the same name into one service, with its settings", () => {
    const r = annotatedServices(
      discovery(
        w("web", {}, { service: "shop", "trigger-policy": "auto", "health-url": "http://web.shop/healthz" }),
        w("worker", {}, { service: "shop", "needs-second-approver": "true" }),
        w("other"),
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.services).toHaveLength(1);
    const s = r.services[0];
    expect(s.from).toEqual(["prod/shop/Deployment/web", "prod/shop/Deployment/worker"]);
    expect(s.settings).toMatchObject({
      name: "shop",
      clusterContext: "prod",
      namespace: "shop",
      deployments: ["web", "worker"],
      triggerPolicy: "auto",
      healthUrl: "http://web.shop/healthz",
      needsSecondApprover: true,
    });
    expect(serviceSettingsSchema.safeParse(s.settings).success).toBe(true);
  });

  it("reads the blue-green and flags annotations into their strategy sections", () => {
    const r = annotatedServices(
      discovery(
        w("web-blue", {}, { service: "web", "blue-green-service": "web", "blue-green-colors": "blue, green" }),
        w("web-green", {}, { service: "web", flags: "web-flags" }),
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.services[0].settings.strategies).toEqual({
      blueGreen: { service: "web", stableColor: "blue", badColor: "green" },
      flags: { name: "web-flags" },
    });
  });

  it("names the annotation and the service for a value the schema refuses, and keeps the good services", () => {
    const r = annotatedServices(
      discovery(
        w("a", {}, { service: "good" }),
        w("b", {}, { service: "bad", "trigger-policy": "sometimes", "needs-second-approver": "yes" }),
      ),
    );
    expect(r.services.map((s) => s.settings.name)).toEqual(["good"]);
    expect(r.errors.map((e) => [e.service, e.annotation])).toEqual([
      ["bad", `${A}trigger-policy`],
      ["bad", `${A}needs-second-approver`],
    ]);
    expect(r.errors[0].from).toEqual(["prod/shop/Deployment/b"]);
  });

  it("refuses unknown annotations, disagreeing Deployments, bad color pairs and invalid names", () => {
    const r = annotatedServices(
      discovery(
        w("a", {}, { service: "s1", "trigger-polcy": "auto" }),
        w("b", {}, { service: "s2", "trigger-policy": "auto" }),
        w("c", {}, { service: "s2", "trigger-policy": "off" }),
        w("d", {}, { service: "s3", "blue-green-service": "x", "blue-green-colors": "blue" }),
        w("e", {}, { service: "Not_A_Name" }),
      ),
    );
    expect(r.services).toEqual([]);
    const by = Object.fromEntries(r.errors.map((e) => [e.service, e]));
    expect(by.s1).toMatchObject({ annotation: `${A}trigger-polcy`, message: "unknown annotation on a" });
    expect(by.s2).toMatchObject({ annotation: `${A}trigger-policy`, message: 'b says "auto", c says "off"' });
    expect(by.s3.annotation).toBe(`${A}blue-green-colors`);
    expect(by.Not_A_Name.annotation).toBe(`${A}service`);
  });

  it("refuses one name annotated in two namespaces or contexts", () => {
    const r = annotatedServices(
      discovery(w("a", {}, { service: "dup" }), w("a", { namespace: "other" }, { service: "dup" })),
    );
    expect(r.services).toEqual([]);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0].message).toBe('service "dup" is annotated in 2 places: prod/shop, prod/other');
  });
});

describe("proposeService", () => {
  it("names the service after the app label and lists the picked Deployments and their owners", () => {
    const p = proposeService([
      w("checkout-v2", {
        appName: "Checkout",
        managedBy: [{ tool: "helm", release: "checkout", releaseNamespace: "shop" }],
      }),
      w("checkout-worker"),
    ]);
    expect(p.settings).toMatchObject({
      name: "checkout",
      clusterContext: "prod",
      namespace: "shop",
      deployments: ["checkout-v2", "checkout-worker"],
      triggerPolicy: "notify",
    });
    expect(p.settings.description).toContain("Helm release checkout (shop)");
    expect(serviceSettingsSchema.safeParse(p.settings).success).toBe(true);
  });

  it("refuses workloads from two namespaces and an empty pick", () => {
    expect(() => proposeService([w("a"), w("b", { namespace: "x" })])).toThrow(/one context and namespace/);
    expect(() => proposeService([])).toThrow(/at least one/);
  });

  it("makes any string a DNS label", () => {
    expect(toServiceName("My_App.v2--")).toBe("my-app-v2");
    expect(toServiceName("___")).toBe("");
  });
});

describe("describeDeployment / managedByOf", () => {
  it("detects Helm, Argo CD and Flux from their labels and annotations", () => {
    expect(
      managedByOf(
        { "app.kubernetes.io/managed-by": "Helm" },
        { "meta.helm.sh/release-name": "shop", "meta.helm.sh/release-namespace": "apps" },
      ),
    ).toEqual([{ tool: "helm", release: "shop", releaseNamespace: "apps" }]);
    expect(
      managedByOf(
        { "app.kubernetes.io/instance": "shop-prod" },
        { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:shop/web" },
      ),
      // annotation+label tracking: the tracking id is what Argo CD tracks by; the label is informational.
    ).toEqual([{ tool: "argocd", application: "shop", applicationNamespace: null, via: "annotation" }]);
    expect(managedByOf({ "argocd.argoproj.io/instance": "legacy" }, {})).toEqual([
      { tool: "argocd", application: "legacy", applicationNamespace: null, via: "label" },
    ]);
    expect(
      managedByOf(
        { "kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system" },
        {},
      ),
    ).toEqual([{ tool: "flux", kind: "Kustomization", name: "apps", namespace: "flux-system" }]);
    expect(managedByOf({ "app.kubernetes.io/instance": "x" }, {})).toEqual([]);
  });

  it("keeps only the rollback-command-center.io annotations", () => {
    const d = describeDeployment("prod", {
      metadata: {
        name: "web",
        namespace: "shop",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": '{"env":"SECRET"}',
          [`${A}service`]: "shop",
          "deployment.kubernetes.io/revision": "3",
        },
      },
      spec: {
        replicas: 2,
        selector: {},
        template: { spec: { containers: [{ name: "app", image: "img:1" }] } },
      },
      status: { observedGeneration: 0, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    });
    expect(d.rccAnnotations).toEqual({ [`${A}service`]: "shop" });
    expect(JSON.stringify(d)).not.toContain("SECRET");
    expect(d).toMatchObject({ revision: 3, images: [{ container: "app", image: "img:1" }] });
    expect(d.readiness).toEqual({ desired: 2, ready: 1, available: 1, updated: 2, allReady: false });
  });
});

describe("annotatedServices across contexts on one API server", () => {
  it("proposes an object seen through two contexts of the same server once", () => {
    const a = discovery(w("web", {}, { service: "shop" }));
    const b = discovery(w("web", { context: "limited" }, { service: "shop" }));
    a[0].server = b[0].server = "https://10.0.0.1:6443";
    const r = annotatedServices([...a, ...b]);
    expect(r.errors).toEqual([]);
    expect(r.services.map((s) => s.from)).toEqual([["prod/shop/Deployment/web"]]);
  });
});
