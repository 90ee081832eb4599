/**
 * RBAC proven on the real apiserver (issue 15): the chart is helm-installed into the test control
 * plane with Roles in an app namespace and a DR namespace, a kubeconfig is written for its
 * ServiceAccount (token from the TokenRequest API), and every Kubernetes-touching strategy is run
 * as that identity, plan → capture → execute → verify: Deployment undo, blue-green, canary (Istio
 * and Gateway API), feature flag (FeatureFlag CR and ConfigMap), DR failover and Helm rollback (the
 * real helm, with the rows rbac.helmReleases turns on). Nothing here is
 * granted beyond the chart's Role, so a verb the access table forgot fails the run. Then the Role
 * loses one verb (patch deployments) and the Deployment undo fails with the dashboard's "the
 * cluster's RBAC forbids …" sentence on the step report (the timeline) and the error (the result).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppError } from "@/lib/errors";
import { captureBeforeChange } from "@/lib/rollback/capture";
import { blueGreen } from "@/lib/rollback/strategies/blue-green/strategy";
import { canary } from "@/lib/rollback/strategies/canary/strategy";
import { deploymentUndo } from "@/lib/rollback/strategies/deployment-undo/strategy";
import { drFailover } from "@/lib/rollback/strategies/dr-failover/strategy";
import { featureFlag } from "@/lib/rollback/strategies/feature-flag/strategy";
import { helmRollback } from "@/lib/rollback/strategies/helm-rollback/strategy";
import type { RollbackStrategy, StrategyContext } from "@/lib/rollback/strategy";
import { kubectl, kubectlJson, kubectlRaw } from "@/test/cluster/kubectl";
import {
  IMG,
  apply,
  createNamespace,
  deleteNamespace,
  deployment,
  getJson,
  recorder,
  strategyContext,
  waitObserved,
} from "@/test/k8s/helpers";
import { CHART_DIR, CHART_REQUIRED_VALUES, ensureHelm, helm, helmRaw, serviceAccountKubeconfig } from "./helm";
import {
  blueGreenApp,
  checkoutFlags,
  helmGoodThenBad,
  httpRoute,
  packageBadChart,
  virtualService,
} from "./strategy-fixtures";

const kubeconfig = inject("kubeconfig");
const RELEASE = "rcc";
const ROLE = "rcc-rollback-command-center";
const DR_ENV = "RCC_SERVICE_SA_TEST_DR_KUBECONFIG";
let home = "";
let release = ""; // the chart's namespace (its ServiceAccount lives here)
let app = ""; // the services' namespace: a Role from rbac.namespaces
let drNs = ""; // the DR copy's namespace: a Role too
let sa = "";
let asSa = "";
const saCtx = (over: Partial<StrategyContext> = {}) => strategyContext(asSa, app, over);

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "rcc-helm-sa-"));
  [release, app, drNs] = await Promise.all(
    ["rcc-sa", "rcc-sa-app", "rcc-sa-dr"].map((p) => createNamespace(kubeconfig, p)),
  );
  // rbac.namespaces: the chart's way to give the dashboard the services' namespaces.
  const namespaces = `rbac.namespaces={${app},${drNs}}`;
  const values = [...CHART_REQUIRED_VALUES, "--set", namespaces, "--set", "rbac.helmReleases=true"];
  await helm(["install", RELEASE, CHART_DIR, "--namespace", release, ...values], { home, kubeconfig });
  sa = (await kubectlJson<any>(kubeconfig, ["-n", release, "get", "deployment", ROLE])).spec.template.spec
    .serviceAccountName;
  asSa = await serviceAccountKubeconfig(kubeconfig, {
    namespace: release,
    serviceAccount: sa,
    dir: home,
    contexts: { dr: drNs },
  });
  process.env[DR_ENV] = asSa;
}, 300_000);

afterAll(async () => {
  delete process.env[DR_ENV];
  if (release) await helmRaw(["uninstall", RELEASE, "--namespace", release], { home, kubeconfig });
  for (const n of [release, app, drNs]) if (n) await deleteNamespace(kubeconfig, n);
  if (home) await rm(home, { recursive: true, force: true });
});

/** plan → capture → execute → verify as the chart's ServiceAccount; no step may be refused by RBAC. */
async function runAsChart<P, D>(s: RollbackStrategy<P, D>, params: unknown, ctx = saCtx()) {
  const plan = await s.plan(ctx, s.parseParams(params));
  expect(plan.noop, "the fixture leaves something to roll back").toBeUndefined();
  expect(plan.dryRun?.ok ?? true, plan.dryRun?.message).toBe(true);
  const targets = s.captureTargets(plan);
  if (targets) {
    const captured = await captureBeforeChange(ctx, { namespace: ctx.namespace, ...targets, logTimeoutMs: 2_000 });
    // kwok's fake kubelets serve no logs; what matters is that nothing was refused by RBAC.
    expect(captured.errors.filter((e) => /forbid|RBAC/i.test(e.message))).toEqual([]);
    expect(captured.artifacts.length).toBeGreaterThan(0);
  }
  const { steps, report } = recorder();
  const result = await s.execute(ctx, JSON.parse(JSON.stringify(plan)), report);
  expect(result.outcome).toBe("succeeded");
  expect(steps.filter((r) => r.state === "failed")).toEqual([]);
  const checks = await s.verify(ctx, plan);
  expect(checks.filter((c) => !c.ok)).toEqual([]);
  return { plan, steps };
}

/** `name` at revisions v1 … vn (applied as admin: the starting state, not the dashboard's doing). */
async function withHistory(ns: string, name: string, n: number) {
  for (let i = 1; i <= n; i++) {
    await apply(kubeconfig, ns, deployment(name, { image: IMG(`v${i}`) }));
    await waitObserved(kubeconfig, ns, name);
  }
}

describe("every strategy runs as the chart's ServiceAccount", () => {
  it("the kubeconfig is the ServiceAccount's, not the admin's", async () => {
    const who = await kubectlJson<any>(asSa, ["auth", "whoami"]);
    expect(who.status.userInfo.username).toBe(`system:serviceaccount:${release}:${sa}`);
    expect((await kubectlRaw(asSa, ["auth", "can-i", "delete", "namespaces"])).stdout.trim()).toBe("no");
  });

  it("Deployment undo", async () => {
    await withHistory(app, "undo-web", 2);
    await runAsChart(deploymentUndo, { deployment: "undo-web", toRevision: 0 });
    await kubectl(kubeconfig, ["-n", app, "rollout", "status", "deployment/undo-web", "--timeout=60s"]);
    expect((await getJson(kubeconfig, app, "deployment", "undo-web")).spec.template.spec.containers[0].image).toBe(
      IMG("v1"),
    );
  });

  it("blue-green", async () => {
    await blueGreenApp(kubeconfig, app);
    await runAsChart(blueGreen, { service: "web", stableColor: "blue", badColor: "green", scaleDown: true });
    expect((await getJson(kubeconfig, app, "service", "web")).spec.selector).toEqual({ app: "web", color: "blue" });
    expect((await getJson(kubeconfig, app, "deployment", "web-green")).spec.replicas).toBe(0);
  });

  it("canary: Istio VirtualService with the canary Deployment scaled to 0, and a Gateway API HTTPRoute", async () => {
    await apply(kubeconfig, app, virtualService("vs", 20));
    await apply(kubeconfig, app, deployment("vs-canary", { image: IMG("v2") }));
    await runAsChart(canary, {
      routeKind: "istio",
      routeName: "vs",
      stableBackend: "stable",
      canaryBackend: "canary",
      pauseMs: 0,
      canaryDeployment: "vs-canary",
    });
    const vs = await getJson(kubeconfig, app, "virtualservice.networking.istio.io", "vs");
    expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([100, 0]);
    expect((await getJson(kubeconfig, app, "deployment", "vs-canary")).spec.replicas).toBe(0);

    await apply(kubeconfig, app, httpRoute("hr", 20));
    await runAsChart(canary, {
      routeKind: "gateway",
      routeName: "hr",
      stableBackend: "web-stable",
      canaryBackend: "web-canary",
      pauseMs: 0,
    });
    const hr = await getJson(kubeconfig, app, "httproute", "hr");
    expect(hr.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([100, 0]);
  });

  it("feature flag: a FeatureFlag CR and a flagd ConfigMap", async () => {
    await apply(kubeconfig, app, {
      apiVersion: "core.openfeature.dev/v1beta1",
      kind: "FeatureFlag",
      metadata: { name: "shop-flags" },
      spec: { flagSpec: { flags: checkoutFlags } },
    });
    await runAsChart(featureFlag, { name: "shop-flags", flagKey: "new-checkout" });
    const cr = await getJson(kubeconfig, app, "featureflag", "shop-flags");
    expect(cr.spec.flagSpec.flags["new-checkout"].defaultVariant).toBe("off");

    await apply(kubeconfig, app, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "shop-flagd" },
      data: { "shop.flagd.json": JSON.stringify({ flags: checkoutFlags }) },
    });
    await runAsChart(featureFlag, { source: "configmap", name: "shop-flagd", flagKey: "new-checkout" });
    const cm = await getJson(kubeconfig, app, "configmap", "shop-flagd");
    expect(JSON.parse(cm.data["shop.flagd.json"]).flags["new-checkout"].defaultVariant).toBe("off");
  });

  it("DR failover: the previous revision applied in the DR namespace (a second context, same identity)", async () => {
    await withHistory(app, "dr-web", 2);
    await runAsChart(
      drFailover,
      {
        deployment: "dr-web",
        steps: "failover",
        drContext: "dr",
        drKubeconfigEnv: DR_ENV,
        drNamespace: drNs,
        revision: "previous",
        replicas: "1",
      },
      saCtx({ timeoutMs: 90_000 }),
    );
    const copy = await getJson(kubeconfig, drNs, "deployment", "dr-web");
    expect(copy.spec.template.spec.containers[0].image).toBe(IMG("v1"));
  });
});

describe("Helm rollback as the chart's ServiceAccount (rbac.helmReleases)", () => {
  it("reads the release's Secrets and runs helm rollback --wait with the ServiceAccount's kubeconfig", async () => {
    process.env.RCC_HELM_BIN = ensureHelm();
    // Installed as admin (the starting state); rolled back as the chart's identity only.
    await helmGoodThenBad({ home, kubeconfig, namespace: app, badChart: await packageBadChart(home) }, "sa-web");
    const { steps } = await runAsChart(helmRollback, { release: "sa-web" });
    expect(steps.at(-1)).toMatchObject({ step: "helm-rollback", state: "succeeded" });
    const history = JSON.parse(await helm(["history", "sa-web", "-n", app, "-o", "json"], { home, kubeconfig }));
    expect(history.at(-1)).toMatchObject({ revision: 3, status: "deployed", description: "Rollback to 1" });
  });
});

describe("a Role missing one verb", () => {
  it("makes the Deployment undo fail with the forbids sentence on the step and the result", async () => {
    await withHistory(app, "locked", 2);
    const role = await kubectlJson<any>(kubeconfig, ["-n", app, "get", "role", ROLE]);
    const rules = role.rules.map((r: any) =>
      r.apiGroups[0] === "apps" && r.resources[0] === "deployments"
        ? { ...r, verbs: r.verbs.filter((v: string) => v !== "patch") }
        : r,
    );
    expect(JSON.stringify(rules)).not.toBe(JSON.stringify(role.rules)); // the chart did grant patch
    await kubectl(kubeconfig, [
      "-n",
      app,
      "patch",
      "role",
      ROLE,
      "--type=json",
      "-p",
      JSON.stringify([{ op: "replace", path: "/rules", value: rules }]),
    ]);

    const user = `system:serviceaccount:${release}:${sa}`;
    const sentence = new RegExp(
      `^the cluster's RBAC forbids patch deployments\\.apps "locked" in namespace "${app}" for ${user} ` +
        `\\(the dashboard tried to (dry-run )?patch Deployment .*locked.*\\)\\. Grant it in the chart's rbac values`,
    );
    const plan = await deploymentUndo.plan(saCtx(), { deployment: "locked", toRevision: 0 });
    expect(plan.dryRun?.ok).toBe(false);
    expect(plan.dryRun?.message).toMatch(sentence);

    const { steps, report } = recorder();
    const failure = (await deploymentUndo.execute(saCtx(), plan, report).catch((e: unknown) => e)) as AppError;
    expect(failure).toMatchObject({ code: "forbidden" });
    expect(failure.userMessage).toMatch(sentence);
    expect(steps.find((s) => s.step === "patch" && s.state === "failed")?.detail).toMatch(sentence);
    // nothing changed on the cluster
    expect((await getJson(kubeconfig, app, "deployment", "locked")).spec.template.spec.containers[0].image).toBe(
      IMG("v2"),
    );
  });
});
