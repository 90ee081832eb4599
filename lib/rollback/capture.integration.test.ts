import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { IMG, apply, createNamespace, deleteNamespace, deployment, strategyContext } from "@/test/k8s/helpers";
import { kubectl } from "@/test/cluster/kubectl";
import { captureBeforeChange } from "@/lib/rollback/capture";

const kubeconfig = inject("kubeconfig");
let ns: string;
beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "rcc-capture");
  await apply(kubeconfig, ns, deployment("web", { image: IMG("v1") }));
  await apply(kubeconfig, ns, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
  });
  await apply(kubeconfig, ns, {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "web" },
    spec: { rules: [{ backendRefs: [{ name: "web", port: 80 }] }] },
  });
  await kubectl(kubeconfig, ["-n", ns, "rollout", "status", "deployment/web", "--timeout=60s"]);
});
afterAll(() => deleteNamespace(kubeconfig, ns));

describe("capture before change", () => {
  it("stores the objects as YAML without managedFields, and records (never throws) log failures", async () => {
    const started = Date.now();
    const res = await captureBeforeChange(strategyContext(kubeconfig, ns), {
      namespace: ns,
      deployment: "web",
      service: "web",
      route: { kind: "gateway", name: "web" },
    });
    expect(res.artifacts.map((a) => a.name)).toEqual(["deployment/web.yaml", "service/web.yaml", "route/web.yaml"]);
    const d = parse(res.artifacts[0].content);
    expect(d).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } });
    expect(d.metadata.managedFields).toBeUndefined();
    expect(parse(res.artifacts[1].content).spec.selector).toEqual({ app: "web" });
    expect(parse(res.artifacts[2].content).kind).toBe("HTTPRoute");
    // kwok's fake kubelets serve no logs: one recorded error per pod container, quickly
    expect(res.errors).toHaveLength(2);
    for (const e of res.errors) {
      expect(e.what).toMatch(/^logs web-[a-z0-9]+-[a-z0-9]+\/app$/);
      expect(e.message).toMatch(/^the logs API did not answer: /);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a missing object is a recorded error too", async () => {
    const res = await captureBeforeChange(strategyContext(kubeconfig, ns), {
      namespace: ns,
      deployment: "ghost",
      route: { kind: "istio", name: "ghost" },
    });
    expect(res.artifacts).toEqual([]);
    expect(res.errors.map((e) => e.what)).toEqual(["deployment/ghost", "istio route/ghost"]);
    expect(res.errors[0].message).toBe('deployments.apps "ghost" not found');
  });
});
