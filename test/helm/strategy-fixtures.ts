/**
 * The starting states the strategies' integration tests roll back from, shared by those tests and
 * by service-account.integration.test.ts (which runs each strategy as the chart's ServiceAccount).
 */
import path from "node:path";
import { kubectl } from "@/test/cluster/kubectl";
import { IMG, apply, deployment } from "@/test/k8s/helpers";
import { helm } from "./helm";

/** An Istio VirtualService whose first rule splits `stable`/`canary` subsets, then a catch-all. */
export const virtualService = (name: string, canaryWeight: number, version = "networking.istio.io/v1") => ({
  apiVersion: version,
  kind: "VirtualService",
  metadata: { name },
  spec: {
    hosts: ["web"],
    http: [
      {
        match: [{ uri: { prefix: "/api" } }],
        route: [
          { destination: { host: "web", subset: "stable" }, weight: 100 - canaryWeight },
          { destination: { host: "web", subset: "canary" }, weight: canaryWeight },
        ],
      },
      { route: [{ destination: { host: "web", subset: "stable" } }] },
    ],
  },
});

/** A Gateway API HTTPRoute splitting web-stable / web-canary. */
export const httpRoute = (name: string, canaryWeight: number) => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name },
  spec: {
    parentRefs: [{ name: "gw" }],
    rules: [
      {
        backendRefs: [
          { name: "web-stable", port: 80, weight: 100 - canaryWeight },
          { name: "web-canary", port: 80, weight: canaryWeight },
        ],
      },
    ],
  },
});

/** flagd flags: a boolean kill switch and a targeted one. */
export const checkoutFlags = {
  "new-checkout": { state: "ENABLED", variants: { on: true, off: false }, defaultVariant: "on" },
  "beta-banner": {
    state: "ENABLED",
    variants: { shown: true, hidden: false },
    defaultVariant: "hidden",
    targeting: { if: [{ "==": [{ var: "tier" }, "beta"] }, "shown", null] },
  },
};

/** web-blue (v1) and web-green (v2) behind Service "web", which selects green; both rolled out. */
export async function blueGreenApp(kubeconfig: string, ns: string): Promise<void> {
  for (const [color, tag] of [
    ["blue", "v1"],
    ["green", "v2"],
  ]) {
    await apply(kubeconfig, ns, deployment(`web-${color}`, { image: IMG(tag), labels: { app: "web", color } }));
  }
  await apply(kubeconfig, ns, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web", color: "green" }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  for (const c of ["blue", "green"])
    await kubectl(kubeconfig, ["-n", ns, "rollout", "status", `deployment/web-${c}`, "--timeout=60s"]);
}

/** A small chart (Deployment, ConfigMap, Secret, an optional custom resource) for the Helm rollback. */
export const HELM_FIXTURE_CHART = path.join(import.meta.dirname, "fixtures/web-release");

/** The fixture chart packaged as its bad version (0.2.0, app 2.0) into `home`: the .tgz's path. */
export async function packageBadChart(home: string): Promise<string> {
  const out = await helm(["package", HELM_FIXTURE_CHART, "--version", "0.2.0", "--app-version", "2.0", "-d", home], {
    home,
  });
  return out.trim().split(": ").pop()!;
}

/**
 * Release `name` installed good (revision 1: chart 0.1.0) and upgraded bad (revision 2: chart
 * 0.2.0, another image, debug logs, an extra ConfigMap), both with --wait. `extra` goes to the install.
 */
export async function helmGoodThenBad(
  opts: { home: string; kubeconfig: string; namespace: string; badChart: string },
  name: string,
  extra: string[] = [],
): Promise<void> {
  const h = (args: string[]) => helm([...args, "--namespace", opts.namespace], opts);
  await h(["install", name, HELM_FIXTURE_CHART, "--wait", "--timeout", "60s", ...extra]);
  await h([
    "upgrade",
    name,
    opts.badChart,
    "--wait",
    "--timeout",
    "60s",
    "--set",
    "image=registry.k8s.io/pause:3.10",
    "--set",
    "logLevel=debug",
    "--set",
    "extra=true",
  ]);
}
