// Verification against real things: HTTP endpoints this test serves (healthy, failing, slow), the
// real control plane (kwok pods), the real Prometheus and Postgres of the global setup.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { kubeClients } from "@/lib/k8s/clients";
import { kubectl, kubectlRaw } from "@/test/cluster/kubectl";
import { setExporterService, waitForSamples } from "@/test/prometheus/control";
import { createPrometheusClient } from "@/lib/prometheus/client";
import { runVerification, startVerification } from "./run-verification";
import type { CheckResult } from "./types";

const kubeconfig = inject("kubeconfig");
const prometheusUrl = inject("prometheusUrl");
const exporterUrl = inject("exporterUrl");
const tag = randomBytes(3).toString("hex");
const ns = `rcc-verify-${tag}`;
const IMG = (t: string) => `registry.k8s.io/pause:${t}`;
const actor = { name: "verify-test" };
// The HTTP timeout is what the slow endpoint must hit; the others must answer well inside it, also
// on a loaded CI machine (500 ms failed the version check once at load 20).
const timeouts = { httpMs: 2_000, kubeMs: 10_000, prometheusMs: 5_000 };

let server: http.Server;
let base = "";

function startServer() {
  server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const url = req.url ?? "/";
    if (url === "/health") return send(200, "ok", "text/plain");
    if (url === "/ready") return send(503, { ready: false });
    if (url === "/slow") return void setTimeout(() => send(200, "late"), 8_000).unref();
    if (url === "/version") return send(200, { version: "2.0.0" });
    if (url === "/version-text") return send(200, "v1.9.0\n", "text/plain");
    if (url === "/login" && req.method === "POST") {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const ok = req.headers["x-test"] === "yes" && JSON.parse(body || "{}").user === "smoke";
        send(ok ? 200 : 401, ok ? { token: "t0k3n" } : { error: "no" });
      });
      return;
    }
    if (url === "/products") return send(200, { items: [{ sku: "a" }], total: 1 });
    if (url === "/broken-products") return send(200, { items: { sku: "a" } });
    send(404, { error: "not found" });
  });
  return new Promise<void>((r) =>
    server.listen(0, "127.0.0.1", () => ((base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`), r())),
  );
}

async function waitPodsReady(name: string, image: string, n: number) {
  for (let i = 0; i < 300; i++) {
    const pods = JSON.parse(await kubectl(kubeconfig, ["-n", ns, "get", "pods", "-l", `app=${name}`, "-o", "json"]))
      .items as any[];
    const ready = pods.filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.spec.containers[0].image === image &&
        p.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"),
    );
    if (ready.length === n && pods.length === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`pods of ${name} not ready on ${image}`);
}

async function deploy(name: string, image: string, replicas = 2) {
  const labels = { app: name };
  const obj = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image }] } },
    },
  };
  await kubectl(kubeconfig, ["-n", ns, "apply", "-f", "-"], JSON.stringify(obj));
  await waitPodsReady(name, image, replicas);
}

async function serviceWith(name: string, data: Record<string, unknown> = {}) {
  const svcName = `${name}-${tag}`;
  return db.service.create({
    data: { name: svcName, namespace: ns, deployments: [name], triggerConfig: { rateWindowSec: 5 }, ...data },
  });
}

async function incidentFor(serviceId: string) {
  return db.incident.create({ data: { title: "verify", severity: "P2", serviceId, status: "identified" } });
}

const byKey = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.key, r]));

beforeAll(async () => {
  await startServer();
  await kubectl(kubeconfig, ["create", "namespace", ns]);
  for (let i = 0; i < 100; i++) {
    if ((await kubectlRaw(kubeconfig, ["-n", ns, "get", "serviceaccount", "default"])).code === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await deploy("web", IMG("3.9"));
  // Real traffic numbers for the error-rate check: one healthy service, one erroring.
  await setExporterService(exporterUrl, `web-${tag}`, { rps: 50, errorRatio: 0.01 });
  await setExporterService(exporterUrl, `bad-${tag}`, { rps: 50, errorRatio: 0.3 });
  const prom = createPrometheusClient({ baseUrl: prometheusUrl });
  await waitForSamples(prom, `web-${tag}`, 6);
  await waitForSamples(prom, `bad-${tag}`, 6);
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await kubectl(kubeconfig, ["delete", "namespace", ns, "--wait=false"]).catch(() => {});
});

describe("runVerification", () => {
  const kube = () => kubeClients(undefined, kubeconfig);

  it("records every check with its duration and reason: healthy, failing and slow endpoints", async () => {
    const svc = await serviceWith("web", {
      healthUrl: `${base}/health`,
      readyUrl: `${base}/ready`,
      metricsUrl: `${base}/slow`,
      versionUrl: `${base}/version`,
    });
    await db.smokeTest.createMany({
      data: [
        {
          serviceId: svc.id,
          name: "log in",
          method: "POST",
          url: `${base}/login`,
          headers: { "x-test": "yes" },
          body: '{"user":"smoke"}',
          assertions: [{ path: "$.token", op: "exists" }],
          position: 0,
        },
        {
          serviceId: svc.id,
          name: "products",
          url: `${base}/products`,
          assertions: [
            { path: "$.items", op: "isArray" },
            { path: "$.total", op: "equals", value: 1 },
          ],
          position: 1,
        },
        {
          serviceId: svc.id,
          name: "broken products",
          url: `${base}/broken-products`,
          assertions: [{ path: "$.items", op: "isArray" }],
          position: 2,
        },
      ],
    });
    const incident = await incidentFor(svc.id);
    const out = await runVerification(
      { incidentId: incident.id, expected: { image: IMG("3.9"), version: "v2.0.0" }, actor },
      { kube: kube(), prometheusUrl, timeouts },
    );
    const r = byKey(out.results);
    expect(r.pods).toMatchObject({ status: "passed", reason: null });
    expect(r.pods.detail).toContain("web 2/2");
    expect(r.version).toMatchObject({ status: "passed", detail: "reports 2.0.0" });
    expect(r["health:health"]).toMatchObject({ status: "passed" });
    expect(r["health:ready"]).toMatchObject({ status: "failed", reason: "HTTP 503, expected 200" });
    expect(r["health:metrics"]).toMatchObject({ status: "failed", reason: "timed out after 2000 ms" });
    expect(r["health:metrics"].durationMs).toBeGreaterThanOrEqual(1_950);
    expect(r["health:metrics"].durationMs).toBeLessThan(8_000); // cut by the timeout, not answered late
    expect(r.error_rate).toMatchObject({ status: "passed" });
    const smoke = out.results.filter((x) => x.kind === "smoke");
    expect(smoke.map((s) => [s.name, s.status, s.reason])).toEqual([
      ["Smoke: log in", "passed", null],
      ["Smoke: products", "passed", null],
      ["Smoke: broken products", "failed", "$.items is not an array (object)"],
    ]);
    expect(out.passed).toBe(false);
    expect(out.movedToMonitoring).toBe(false);

    const events = await eventsAfter(incident.id);
    expect(events.map((e) => e.kind)).toEqual([
      "verify.started",
      ...out.results.map(() => "verify.check"),
      "verify.failed",
    ]);
    const started = events[0].payload as { runId: string; checks: { key: string }[] };
    expect(started.runId).toBe(out.runId);
    expect(started.checks.map((c) => c.key)).toEqual(out.results.map((x) => x.key));
    const slow = events.find((e) => (e.payload as CheckResult).key === "health:metrics")!;
    expect(slow.message).toMatch(/^✗ Metrics endpoint answers 200 — failed: timed out after 2000 ms \(\d+ ms\)$/);
    expect(slow.payload).toMatchObject({
      runId: out.runId,
      status: "failed",
      reason: "timed out after 2000 ms",
      durationMs: expect.any(Number),
    });
    expect(events.at(-1)!.message).toContain("Readiness endpoint answers 200 (HTTP 503, expected 200)");
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("identified");
  });

  it("all green moves the incident to monitoring, with a timeline event", async () => {
    const svc = await db.service.create({
      data: {
        name: `web2-${tag}`,
        namespace: ns,
        deployments: ["web"],
        healthUrl: `${base}/health`,
        versionUrl: `${base}/version-text`,
        triggerConfig: { rateWindowSec: 5 },
      },
    });
    // The exporter series is named after the service; reuse the healthy one through an override.
    await db.service.update({
      where: { id: svc.id },
      data: {
        promQueries: {
          errorRate: `(sum(rate(http_requests_total{service="web-${tag}",status=~"5.."}[$window])) or vector(0)) / sum(rate(http_requests_total{service="web-${tag}"}[$window]))`,
        },
      },
    });
    await db.smokeTest.create({
      data: {
        serviceId: svc.id,
        name: "products",
        url: `${base}/products`,
        assertions: [{ path: "$.items[0].sku", op: "equals", value: "a" }],
      },
    });
    const incident = await incidentFor(svc.id);
    const out = await runVerification(
      { incidentId: incident.id, expected: { image: IMG("3.9"), version: "1.9.0" }, actor },
      { kube: kube(), prometheusUrl, timeouts },
    );
    expect(out.results.map((x) => [x.key, x.status, x.reason])).toEqual([
      ["pods", "passed", null],
      ["version", "passed", null],
      ["health:health", "passed", null],
      ["error_rate", "passed", null],
      [expect.stringMatching(/^smoke:/), "passed", null],
    ]);
    expect(out).toMatchObject({ passed: true, movedToMonitoring: true });
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("monitoring");
    const kinds = (await eventsAfter(incident.id)).map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(["verify.passed", "incident.status"]);
  });

  it("fails the pod check when pods run another image, with the pod and image named", async () => {
    const svc = await serviceWith("web", { name: `web3-${tag}` });
    const incident = await incidentFor(svc.id);
    const out = await runVerification(
      { incidentId: incident.id, expected: { image: IMG("3.10") }, actor },
      { kube: kube(), prometheusUrl, timeouts },
    );
    const pods = byKey(out.results).pods;
    expect(pods.status).toBe("failed");
    expect(pods.reason).toMatch(
      new RegExp(
        `pod web-[a-z0-9-]+ runs ${IMG("3.9").replace(/[.]/g, "\\.")}, not ${IMG("3.10").replace(/[.]/g, "\\.")}`,
      ),
    );
    expect(pods.reason).toContain("web: 0 of 2 desired pods run the target image and are Ready");
  });

  it("a missing Deployment fails with the cluster's reason", async () => {
    const svc = await db.service.create({ data: { name: `ghost-${tag}`, namespace: ns, deployments: ["ghost"] } });
    const incident = await incidentFor(svc.id);
    const out = await runVerification(
      { incidentId: incident.id, actor },
      { kube: kube(), prometheusUrl: null, timeouts },
    );
    const r = byKey(out.results);
    expect(r.pods.status).toBe("failed");
    expect(r.pods.reason).toMatch(/ghost/);
    expect(r.pods.reason).toMatch(/not found/i);
  });

  it("error rate: above the threshold fails; no Prometheus or no data is unknown, never green", async () => {
    const bad = await db.service.create({
      data: { name: `bad-${tag}`, namespace: ns, deployments: [], triggerConfig: { rateWindowSec: 5 } },
    });
    const incident = await incidentFor(bad.id);
    let out = await runVerification({ incidentId: incident.id, actor }, { kube: kube(), prometheusUrl, timeouts });
    expect(byKey(out.results).pods).toMatchObject({ status: "skipped" });
    expect(byKey(out.results).error_rate.status).toBe("failed");
    expect(byKey(out.results).error_rate.reason).toMatch(/^error rate 3\d\.\d\d % is above the threshold 5\.00 %$/);
    expect(out.passed).toBe(false);

    out = await runVerification({ incidentId: incident.id, actor }, { kube: kube(), prometheusUrl: null, timeouts });
    expect(byKey(out.results).error_rate).toMatchObject({
      status: "unknown",
      reason: "PROMETHEUS_URL is not set, so the error rate cannot be read",
    });
    expect(out.passed).toBe(false);

    out = await runVerification(
      { incidentId: incident.id, actor },
      { kube: kube(), prometheusUrl: "http://127.0.0.1:9", timeouts },
    );
    expect(byKey(out.results).error_rate).toMatchObject({
      status: "unknown",
      reason: expect.stringMatching(/^Prometheus unreachable at http:\/\/127\.0\.0\.1:9\b.*PROMETHEUS_URL/),
    });

    const silent = await db.service.create({ data: { name: `silent-${tag}`, namespace: ns, deployments: [] } });
    const quiet = await incidentFor(silent.id);
    out = await runVerification({ incidentId: quiet.id, actor }, { kube: kube(), prometheusUrl, timeouts });
    expect(byKey(out.results).error_rate.status).toBe("unknown");
    expect(byKey(out.results).error_rate.reason).toMatch(/^no data for the error rate/);
    expect((await db.incident.findUniqueOrThrow({ where: { id: quiet.id } })).status).toBe("identified");
  });

  it("refuses a second run while one is in flight for the same incident", async () => {
    const svc = await db.service.create({
      data: { name: `slow-${tag}`, namespace: ns, deployments: [], healthUrl: `${base}/slow` },
    });
    const incident = await incidentFor(svc.id);
    const first = await startVerification(
      { incidentId: incident.id, actor },
      { kube: kube(), prometheusUrl: null, timeouts },
    );
    await expect(
      startVerification({ incidentId: incident.id, actor }, { kube: kube(), prometheusUrl: null, timeouts }),
    ).rejects.toMatchObject({ code: "already_running" });
    await first.done;
    const again = await startVerification(
      { incidentId: incident.id, actor },
      { kube: kube(), prometheusUrl: null, timeouts },
    );
    await again.done;
  });
});
