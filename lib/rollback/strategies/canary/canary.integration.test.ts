import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  IMG,
  apply,
  createNamespace,
  deleteNamespace,
  deployment,
  getJson,
  recorder,
  strategyContext,
} from "@/test/k8s/helpers";
import { kubectlRaw } from "@/test/cluster/kubectl";
import { canary } from "@/lib/rollback/strategies/canary/strategy";
import { httpRoute, virtualService } from "@/test/helm/strategy-fixtures";
import type { CanaryParams } from "@/lib/rollback/strategies/canary/params";

const kubeconfig = inject("kubeconfig");
let ns: string;
beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-canary");
});
afterAll(() => deleteNamespace(kubeconfig, ns));

const weights = async (kind: string, name: string) => {
  const o = await getJson(kubeconfig, ns, kind, name);
  return kind.startsWith("virtualservice")
    ? o.spec.http[0].route.map((r: any) => r.weight)
    : o.spec.rules[0].backendRefs.map((b: any) => b.weight);
};

describe("canary", () => {
  it("Istio VirtualService: steps 20 → 5 → 0 with a pause, then scales the canary to 0", async () => {
    await apply(kubeconfig, ns, virtualService("web", 20));
    await apply(kubeconfig, ns, deployment("web-canary", { image: IMG("v2") }));
    const ctx = strategyContext(kubeconfig, ns);
    const params: CanaryParams = canary.parseParams({
      routeKind: "istio",
      routeName: "web",
      stableBackend: "stable",
      canaryBackend: "canary",
      pauseMs: 300,
      canaryDeployment: "web-canary",
    });
    const plan = await canary.plan(ctx, params);
    expect(plan.data.steps).toEqual([5, 0]);
    expect(plan.data.apiVersion).toBe("v1");
    expect(plan.diff).toEqual([
      { path: "weight canary (rule 0)", before: 20, after: 0 },
      { path: "weight stable (rule 0)", before: 80, after: 100 },
      { path: "replicas web-canary", before: 2, after: 0 },
    ]);
    expect(plan.dryRun).toMatchObject({
      ok: true,
      message: 'the API server accepted canary weight 0, then the scale of deployment "web-canary" to 0 (dry run)',
    });
    expect(await weights("virtualservice.networking.istio.io", "web")).toEqual([80, 20]);

    const seen: number[][] = [];
    const { steps, report } = recorder();
    const t0 = Date.now();
    await canary.execute(ctx, plan, async (r) => {
      report(r);
      if (r.state === "succeeded" && r.step.startsWith("weight-"))
        seen.push(await weights("virtualservice.networking.istio.io", "web"));
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600); // two pauses
    expect(seen).toEqual([
      [95, 5],
      [100, 0],
    ]);
    expect(steps.filter((s) => s.state === "succeeded").map((s) => s.step)).toEqual([
      "weight-5",
      "weight-0",
      "scale-to-zero",
    ]);
    expect((await getJson(kubeconfig, ns, "deployment", "web-canary")).spec.replicas).toBe(0);
    expect((await canary.verify(ctx, plan)).every((c) => c.ok)).toBe(true);
    // the catch-all rule (stable only, no weight) is untouched
    expect(
      (await getJson(kubeconfig, ns, "virtualservice.networking.istio.io", "web")).spec.http[1].route[0].weight,
    ).toBeUndefined();
  });

  it("re-run after a takeover (the canary already drained) never sends traffic back to it", async () => {
    await apply(kubeconfig, ns, virtualService("resumed", 20));
    const ctx = strategyContext(kubeconfig, ns);
    const params = canary.parseParams({
      routeKind: "istio",
      routeName: "resumed",
      stableBackend: "stable",
      canaryBackend: "canary",
      pauseMs: 0,
    });
    const plan = await canary.plan(ctx, params);
    expect(plan.data.steps).toEqual([5, 0]);
    // The first runner got to weight 0, then lost its claim; the second runner executes the plan again.
    await canary.execute(ctx, plan, () => {});
    expect(await weights("virtualservice.networking.istio.io", "resumed")).toEqual([100, 0]);
    const { steps, report } = recorder();
    await canary.execute(ctx, plan, report);
    expect(await weights("virtualservice.networking.istio.io", "resumed")).toEqual([100, 0]);
    expect(steps.filter((s) => s.state !== "running").map((s) => `${s.step} ${s.state}`)).toEqual([
      "weight-5 skipped",
      "weight-0 skipped",
    ]);
  });

  it("a canary already at 0 is a no-op", async () => {
    const plan = await canary.plan(
      strategyContext(kubeconfig, ns),
      canary.parseParams({
        routeKind: "istio",
        routeName: "web",
        stableBackend: "stable",
        canaryBackend: "canary",
        pauseMs: 0,
      }),
    );
    expect(plan.noop).toMatch(/already sends no traffic/);
  });

  it("Gateway API HTTPRoute: one step down to 0, then deletes the canary Deployment", async () => {
    await apply(kubeconfig, ns, httpRoute("web", 10));
    await apply(kubeconfig, ns, deployment("web-canary2", { image: IMG("v2") }));
    const ctx = strategyContext(kubeconfig, ns);
    const plan = await canary.plan(
      ctx,
      canary.parseParams({
        routeKind: "gateway",
        routeName: "web",
        stableBackend: "web-stable",
        canaryBackend: "web-canary",
        steps: [5, 0],
        pauseMs: 0,
        canaryDeployment: "web-canary2",
        finalAction: "delete",
      }),
    );
    expect(plan.data.steps).toEqual([5, 0]);
    expect(plan.dryRun).toMatchObject({
      ok: true,
      message: 'the API server accepted canary weight 0, then the delete of deployment "web-canary2" (dry run)',
    });
    expect((await getJson(kubeconfig, ns, "deployment", "web-canary2")).metadata.name).toBe("web-canary2"); // the dry run deleted nothing
    const { steps, report } = recorder();
    expect((await canary.execute(ctx, plan, report)).outcome).toBe("succeeded");
    expect(await weights("httproute.gateway.networking.k8s.io", "web")).toEqual([100, 0]);
    expect(steps.filter((s) => s.state === "succeeded").map((s) => s.step)).toEqual(["weight-5", "weight-0", "delete"]);
    expect((await kubectlRaw(kubeconfig, ["-n", ns, "get", "deployment", "web-canary2"])).code).not.toBe(0);
  });

  it("never deletes or scales a canary Deployment re-created under the same name after the plan", async () => {
    await apply(kubeconfig, ns, httpRoute("swap", 10));
    await apply(kubeconfig, ns, deployment("web-canary3", { image: IMG("v2") }));
    const ctx = strategyContext(kubeconfig, ns);
    const params = (finalAction: "delete" | "scale-to-zero") =>
      canary.parseParams({
        routeKind: "gateway",
        routeName: "swap",
        stableBackend: "web-stable",
        canaryBackend: "web-canary",
        steps: [0],
        pauseMs: 0,
        canaryDeployment: "web-canary3",
        finalAction,
      });
    const del = await canary.plan(ctx, params("delete"));
    const scale = await canary.plan(ctx, params("scale-to-zero"));
    // Someone replaces the canary with a new object (e.g. the next release) before the commander confirms.
    await kubectlRaw(kubeconfig, ["-n", ns, "delete", "deployment", "web-canary3", "--wait=true"]);
    await apply(kubeconfig, ns, deployment("web-canary3", { image: IMG("v3") }));
    const uid = (await getJson(kubeconfig, ns, "deployment", "web-canary3")).metadata.uid;
    for (const plan of [del, scale]) {
      const { steps, report } = recorder();
      await expect(canary.execute(ctx, plan, report)).rejects.toMatchObject({
        code: "conflict",
        userMessage: expect.stringMatching(/was replaced after the plan/),
      });
      expect(steps.at(-1)).toMatchObject({ step: plan.params.finalAction, state: "failed" });
    }
    const now = await getJson(kubeconfig, ns, "deployment", "web-canary3");
    expect(now.metadata.uid).toBe(uid);
    expect(now.spec.replicas).toBe(2);
  });

  it("a pause is cancelled by the AbortSignal, leaving the route at the last completed step", async () => {
    await apply(kubeconfig, ns, httpRoute("slow", 50));
    const ac = new AbortController();
    const ctx = strategyContext(kubeconfig, ns, { signal: ac.signal });
    const plan = await canary.plan(
      ctx,
      canary.parseParams({
        routeKind: "gateway",
        routeName: "slow",
        stableBackend: "web-stable",
        canaryBackend: "web-canary",
        steps: [5, 0],
        pauseMs: 60_000,
      }),
    );
    const started = Date.now();
    setTimeout(() => ac.abort(), 500);
    await expect(canary.execute(ctx, plan, () => {})).rejects.toMatchObject({
      userMessage: "the rollback was cancelled",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await weights("httproute.gateway.networking.k8s.io", "slow")).toEqual([95, 5]);
  });

  it("refuses a route without the canary backend, and a missing route", async () => {
    const ctx = strategyContext(kubeconfig, ns);
    await expect(
      canary.plan(
        ctx,
        canary.parseParams({
          routeKind: "gateway",
          routeName: "web",
          stableBackend: "web-stable",
          canaryBackend: "ghost",
          pauseMs: 0,
        }),
      ),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      canary.plan(
        ctx,
        canary.parseParams({
          routeKind: "istio",
          routeName: "nope",
          stableBackend: "a",
          canaryBackend: "b",
          pauseMs: 0,
        }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
