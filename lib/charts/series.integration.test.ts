// Chart series against the real Prometheus: values on a fixed grid, thresholds, rollback markers,
// and "unreachable" as gaps (null), never zeros.
import { describe, expect, inject, it } from "vitest";
import { runAs } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { appendEvent } from "@/lib/incidents/timeline";
import { createPrometheusClient } from "@/lib/prometheus/client";
import { setExporterService, waitForSamples } from "@/test/prometheus/control";
import { userWithRole } from "@/test/helpers/users";
import { GET } from "@/app/api/services/[id]/signals/route";
import { freePort } from "@/test/prometheus/launcher";
import { serviceSignals } from "./series";

const prometheusUrl = inject("prometheusUrl");
const exporterUrl = inject("exporterUrl");
const run = Date.now().toString(36);

async function service(suffix: string) {
  const name = `charts-${suffix}-${run}`;
  await setExporterService(exporterUrl, name, { rps: 40, errorRatio: 0.2, latencySeconds: 0.1 });
  return db.service.create({ data: { name, triggerConfig: { rateWindowSec: 3, errorRate: { threshold: 0.1 } } } });
}

const get = (id: string, qs: string) =>
  GET(new Request(`http://localhost/api/services/${id}/signals?${qs}`), { params: Promise.resolve({ id }) });

describe("service signals", () => {
  it("answers the four signals on a grid with the rule thresholds and the rollback markers", async () => {
    const svc = await service("live");
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 6);
    const incident = await db.incident.create({ data: { title: "charts", severity: "P2", serviceId: svc.id } });
    await appendEvent({
      incidentId: incident.id,
      kind: "rollback.started",
      actor: "t",
      message: "Roll back confirmed",
      payload: { actionId: "charts", target: "charts" },
    });
    const r = await serviceSignals(svc.id, "5m", ["errorRate", "p95Latency", "healthSuccess", "business"], {
      prometheusUrl,
    });
    expect(r.prometheus).toBe("ok");
    const err = r.signals.find((s) => s.name === "errorRate")!;
    expect(err.threshold).toBe(0.1);
    expect(err.error).toBeNull();
    expect(err.points).toHaveLength(101); // 5 min in 3 s steps, both ends included
    const recent = err.points.filter((p) => p.v !== null);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.at(-1)!.v).toBeCloseTo(0.2, 1);
    // Before the exporter knew the service there is no data: null, not 0.
    expect(err.points[0].v).toBeNull();
    const p95 = r.signals.find((s) => s.name === "p95Latency")!;
    expect(p95.hasBaseline).toBe(true);
    expect(r.signals.find((s) => s.name === "healthSuccess")!.threshold).toBe(0.5);
    expect(r.markers).toEqual([expect.objectContaining({ kind: "rollback", label: "Rollback started" })]);
  });

  it("draws the recorded changes (lib/changes/) as markers, without an incident and without Prometheus", async () => {
    const svc = await service("changes");
    const at = (agoSec: number) => new Date(Date.now() - agoSec * 1000);
    const base = { serviceId: svc.id, context: "default", namespace: "shop", objectUid: "u", summary: "s" };
    await db.changeEvent.createMany({
      data: [
        {
          ...base,
          sourceKind: "ReplicaSet",
          objectName: "web-1",
          workloadKind: "Deployment",
          workloadName: "web",
          revision: "2",
          occurredAt: at(120),
        },
        {
          ...base,
          sourceKind: "FeatureFlag",
          objectName: "flags",
          workloadKind: "FeatureFlag",
          workloadName: "flags",
          revision: "3",
          occurredAt: at(60),
        },
        // The dashboard's own rollback is drawn from the timeline, not twice.
        {
          ...base,
          sourceKind: "ReplicaSet",
          objectName: "web-0",
          workloadKind: "Deployment",
          workloadName: "web",
          revision: "3",
          occurredAt: at(30),
          fromDashboard: true,
        },
        // Outside the range.
        {
          ...base,
          sourceKind: "ReplicaSet",
          objectName: "web-0",
          workloadKind: "Deployment",
          workloadName: "web",
          revision: "1",
          occurredAt: at(3600),
        },
      ],
    });
    const r = await serviceSignals(svc.id, "5m", ["errorRate"], { prometheusUrl: null });
    expect(r.markers.map((m) => [m.kind, m.label])).toEqual([
      ["deploy", "Deploy"],
      ["flag", "Flag change"],
    ]);
  });

  it("Prometheus unreachable: says so, and every point is a gap", async () => {
    const svc = await service("down");
    const dead = `http://127.0.0.1:${await freePort()}`;
    const r = await serviceSignals(svc.id, "15m", ["errorRate", "business"], { prometheusUrl: dead });
    expect(r.prometheus).toBe("unreachable");
    // Whichever signal failed last words it: the URL, the reason, what was tried, the setting.
    expect(r.prometheusError).toMatch(
      new RegExp(
        `^Prometheus unreachable at ${dead}: nothing listens there \\(ECONNREFUSED\\) \\(the dashboard tried to ` +
          `read the .+ of "${svc.name}" for the charts\\)\\. Check PROMETHEUS_URL \\(the Helm chart's prometheus\\.url\\)`,
      ),
    );
    for (const s of r.signals) {
      expect(s.points.length).toBeGreaterThan(100);
      expect(s.points.every((p) => p.v === null)).toBe(true);
      expect(s.error).toMatch(/unreachable/);
    }
    expect(r.signals[0].threshold).toBe(0.1); // the threshold line still shows what healthy means
    const none = await serviceSignals(svc.id, "15m", ["errorRate"], { prometheusUrl: null });
    expect(none.prometheus).toBe("not_configured");
    expect(none.prometheusError).toMatch(
      /^Prometheus is not configured: PROMETHEUS_URL is not set, so the dashboard cannot draw these charts/,
    );
  });

  it("range=incident follows the incident of this service, and only of this service", async () => {
    const svc = await service("incident");
    const other = await service("other");
    const now = Date.now();
    const impactStartedAt = new Date(now - 40 * 60_000);
    const incident = await db.incident.create({
      data: {
        title: "story",
        severity: "P2",
        serviceId: svc.id,
        impactStartedAt,
        detectedAt: new Date(now - 39 * 60_000),
      },
    });
    const r = await serviceSignals(svc.id, "incident", ["errorRate"], { prometheusUrl, incidentId: incident.id, now });
    expect(r.incident).toEqual({ from: impactStartedAt.getTime(), fromLabel: "impact started", to: null });
    expect(r.start).toBeLessThanOrEqual(impactStartedAt.getTime() - 8 * 60_000); // 20 % of 40 min before
    expect(r.end).toBeGreaterThan(now - r.stepSec * 1000);
    expect(r.signals[0].points.length).toBeLessThanOrEqual(121);
    const viewer = await userWithRole("viewer", "charts-incident");
    const ok = await runAs(viewer, () => get(svc.id, `range=incident&incident=${incident.id}`));
    expect(ok.status).toBe(200);
    // Another service's charts cannot borrow this incident, and the range needs one.
    expect((await runAs(viewer, () => get(other.id, `range=incident&incident=${incident.id}`))).status).toBe(404);
    expect((await runAs(viewer, () => get(svc.id, "range=incident"))).status).toBe(400);
  });

  it("the route: signed out → 401, bad range → 400, no PromQL accepted from the browser", async () => {
    const svc = await service("route");
    expect((await runAs("signed-out", () => get(svc.id, "range=15m"))).status).toBe(401);
    const viewer = await userWithRole("viewer", "charts");
    expect((await runAs(viewer, () => get(svc.id, "range=7d"))).status).toBe(400);
    expect((await runAs(viewer, () => get(svc.id, `signals=${encodeURIComponent("sum(up)")}`))).status).toBe(400);
    const ok = await runAs(viewer, () => get(svc.id, "range=5m&signals=errorRate"));
    expect(ok.status).toBe(200);
    expect((await ok.json()).signals.map((s: { name: string }) => s.name)).toEqual(["errorRate"]);
    expect((await runAs(viewer, () => get("nope", "range=5m"))).status).toBe(404);
  });
});
