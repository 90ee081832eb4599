// The demo service follows its Deployment in a real control plane: good image → orders succeed and
// are fast; bad image → most fail and are slow; back to good → it recovers. Metrics carry the names
// and the `service` label the dashboard's default PromQL expects.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { BAD_IMAGE, GOOD_IMAGE } from "./config";
import { demoDeployment } from "./cluster-app";
import { startDemoService, type DemoService } from "./demo-service";

const kubeconfig = inject("kubeconfig");
const ns = `sandbox-${crypto.randomBytes(3).toString("hex")}`;
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
let demo: DemoService;

async function orders(n: number) {
  const results = await Promise.all(
    Array.from({ length: n }, async () => {
      const t = performance.now();
      const res = await fetch(`${demo.url}/orders`, { method: "POST" });
      await res.text();
      return { status: res.status, ms: performance.now() - t };
    }),
  );
  return { failed: results.filter((r) => r.status >= 500).length, fastest: Math.min(...results.map((r) => r.ms)) };
}

async function setImage(image: string) {
  const body = demoDeployment(image);
  body.metadata!.namespace = ns;
  await apps.replaceNamespacedDeployment({ name: body.metadata!.name!, namespace: ns, body });
  await expect
    .poll(async () => (await (await fetch(`${demo.url}/version`)).json()).image, { timeout: 10_000 })
    .toBe(image);
}

describe("sandbox demo service", () => {
  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: ns } } });
    const body = demoDeployment(GOOD_IMAGE);
    body.metadata!.namespace = ns;
    await apps.createNamespacedDeployment({ namespace: ns, body });
    demo = await startDemoService({
      serviceName: "checkout-test",
      kubeconfigPath: kubeconfig,
      namespace: ns,
      deployment: "checkout",
      pollMs: 200,
      goodErrorRatio: 0,
    });
  });
  afterAll(async () => {
    await demo?.stop();
    await core.deleteNamespace({ name: ns }).catch(() => {});
  });

  it("serves the good version well, fails and slows with the bad one, and recovers", async () => {
    expect(await (await fetch(`${demo.url}/version`)).json()).toMatchObject({ version: "v1.4.2" });
    expect((await fetch(`${demo.url}/ready`)).status).toBe(200);
    const good = await orders(20);
    expect(good.failed).toBe(0);
    // The bad version waits at least 300 ms before answering; load only adds to that. So: the good
    // one answers some orders sooner, the bad one none (no wall-clock ceiling on a busy machine).
    expect(good.fastest).toBeLessThan(300);

    await setImage(BAD_IMAGE);
    const bad = await orders(40);
    expect(bad.failed).toBeGreaterThan(10);
    expect(bad.fastest).toBeGreaterThanOrEqual(300);
    expect((await fetch(`${demo.url}/health`)).status).toBe(200);

    await setImage(GOOD_IMAGE);
    expect((await orders(20)).failed).toBe(0);
  });

  it("exposes the metric names the default PromQL reads, labelled by service", async () => {
    const text = await (await fetch(`${demo.url}/metrics`)).text();
    expect(text).toMatch(/^http_requests_total\{service="checkout-test",status="201"\} \d+/m);
    expect(text).toMatch(/^http_requests_total\{service="checkout-test",status="500"\} \d+/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{service="checkout-test",le="\+Inf"\} \d+/m);
    expect(text).toMatch(/^health_check_success\{service="checkout-test",check="cache"\} 1/m);
    expect(text).toMatch(/^orders_created_total\{service="checkout-test"\} [1-9]\d*/m);
  });
});
