/**
 * The test control plane behaves like Kubernetes where the product depends on it: the deployment
 * controller's revisions as seen by the real kubectl, the traffic/flag CRDs, and independent
 * clusters (a DR cluster is a second one). Runs against TEST_KUBECONFIG's cluster when set.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kubectl, kubectlJson } from "./kubectl";
import { startCluster, type Cluster } from "./launcher";

const kubeconfig = inject("kubeconfig");
const ns = `rcc-cluster-${randomBytes(3).toString("hex")}`;
const IMAGE_1 = "registry.k8s.io/pause:3.9";
const IMAGE_2 = "registry.k8s.io/pause:3.10";

const k = (...args: string[]) => kubectl(kubeconfig, ["-n", ns, ...args]);
const kj = <T = any>(...args: string[]) => kubectlJson<T>(kubeconfig, ["-n", ns, ...args]);
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const apply = (obj: object) => kubectl(kubeconfig, ["-n", ns, "apply", "-f", "-"], JSON.stringify(obj));

beforeAll(async () => {
  await kubectl(kubeconfig, ["create", "namespace", ns]);
});
afterAll(async () => {
  await kubectl(kubeconfig, ["delete", "namespace", ns, "--wait=false"]).catch(() => {});
});

describe("deployment rollout and undo with the real kubectl", () => {
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image: IMAGE_1 }] },
      },
    },
  };

  async function expectPodsReady(image: string) {
    // The old ReplicaSet's pods may still be terminating right after `rollout status` returns.
    const pods = (await kj("get", "pods", "-l", "app=web")).items.filter((p: any) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.spec.containers[0].image).toBe(image);
      expect(p.spec.nodeName).toBeTruthy(); // bound by the scheduler
      expect(p.status.conditions.find((c: any) => c.type === "Ready")?.status).toBe("True");
    }
  }

  it("rolls out, lists history, and undoes to the first image as a new revision", async () => {
    await apply(deployment);
    await k("rollout", "status", "deployment/web", "--timeout=90s");
    await expectPodsReady(IMAGE_1);

    await k("set", "image", "deployment/web", `app=${IMAGE_2}`);
    const status = await k("rollout", "status", "deployment/web", "--timeout=90s");
    expect(status).toMatch(/successfully rolled out/);
    await expectPodsReady(IMAGE_2);
    const d = await kj("get", "deployment", "web");
    expect(d.status.readyReplicas).toBe(3);
    expect(d.status.updatedReplicas).toBe(3);

    const history = await k("rollout", "history", "deployment/web");
    expect(history).toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);

    const undo = await k("rollout", "undo", "deployment/web");
    expect(undo).toMatch(/rolled back/);
    await k("rollout", "status", "deployment/web", "--timeout=90s");
    await expectPodsReady(IMAGE_1);
    const after = await kj("get", "deployment", "web");
    expect(after.spec.template.spec.containers[0].image).toBe(IMAGE_1);
    expect(after.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");

    const history2 = await k("rollout", "history", "deployment/web");
    expect(history2).toMatch(/^2\s/m);
    expect(history2).toMatch(/^3\s/m);
    expect(history2).not.toMatch(/^1\s/m); // revision 1's ReplicaSet became revision 3
    const rev3 = await k("rollout", "history", "deployment/web", "--revision=3");
    expect(rev3).toContain(IMAGE_1);
  });
});

describe("traffic and feature-flag CRDs are served", () => {
  it("creates and reads a VirtualService", async () => {
    await apply({
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: "web" },
      spec: {
        hosts: ["web"],
        http: [
          {
            route: [
              { destination: { host: "web", subset: "stable" }, weight: 90 },
              { destination: { host: "web", subset: "canary" }, weight: 10 },
            ],
          },
        ],
      },
    });
    const vs = await kj("get", "virtualservice.networking.istio.io", "web");
    expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([90, 10]);
  });

  it("creates and reads an HTTPRoute", async () => {
    await apply({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "web" },
      spec: {
        parentRefs: [{ name: "gw" }],
        rules: [
          {
            backendRefs: [
              { name: "web-stable", port: 80, weight: 80 },
              { name: "web-canary", port: 80, weight: 20 },
            ],
          },
        ],
      },
    });
    const route = await kj("get", "httproute.gateway.networking.k8s.io", "web");
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ["web-stable", 80],
      ["web-canary", 20],
    ]);
  });

  it("creates and reads a FeatureFlag", async () => {
    await apply({
      apiVersion: "core.openfeature.dev/v1beta1",
      kind: "FeatureFlag",
      metadata: { name: "checkout" },
      spec: {
        flagSpec: {
          flags: {
            "new-checkout": { state: "ENABLED", defaultVariant: "off", variants: { on: true, off: false } },
          },
        },
      },
    });
    const ff = await kj("get", "featureflag.core.openfeature.dev", "checkout");
    expect(ff.spec.flagSpec.flags["new-checkout"]).toMatchObject({ state: "ENABLED", defaultVariant: "off" });
    // The schema is enforced: an unknown state is rejected by the API server.
    await expect(
      apply({
        apiVersion: "core.openfeature.dev/v1beta1",
        kind: "FeatureFlag",
        metadata: { name: "bad" },
        spec: { flagSpec: { flags: { x: { state: "MAYBE", defaultVariant: "a", variants: { a: 1 } } } } },
      }),
    ).rejects.toThrow(/Unsupported value: "MAYBE"/);
  });
});

// This one exercises the launcher itself, so it needs the local build, not TEST_KUBECONFIG's cluster.
describe.skipIf(!!process.env.TEST_KUBECONFIG)("two clusters at once", () => {
  let a: Cluster | undefined;
  let b: Cluster | undefined;
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("are independent", async () => {
    [a, b] = await Promise.all([startCluster({ name: "primary", nodes: 1 }), startCluster({ name: "dr", nodes: 1 })]);
    expect(a.server).not.toBe(b.server);
    expect(a.dir).not.toBe(b.dir);
    await kubectl(a.kubeconfigPath, ["create", "configmap", "only-in-a", "--from-literal=k=v"]);
    expect(await kubectl(a.kubeconfigPath, ["get", "configmap", "only-in-a", "-o", "name"])).toContain("only-in-a");
    await expect(kubectl(b.kubeconfigPath, ["get", "configmap", "only-in-a"])).rejects.toThrow(/NotFound|not found/);
    const dirs = [a.dir, b.dir];
    const pids = [...a.processes, ...b.processes].map((p) => p.pid);
    expect(pids).toHaveLength(10);
    await Promise.all([a.stop(), b.stop()]);
    for (const d of dirs) expect(existsSync(d)).toBe(false);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });
});
