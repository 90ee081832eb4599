// PromQL previews against the real Prometheus of the global setup, scraping the test exporter.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { previewPromqlAction } from "@/lib/actions/preview-promql";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { createPrometheusClient } from "@/lib/prometheus/client";
import { DEFAULT_QUERIES } from "@/lib/prometheus/signals";
import { serviceSettingsSchema } from "@/lib/services/service-settings";
import { setExporterService, waitForSamples } from "@/test/prometheus/control";
import { freePort } from "@/test/prometheus/launcher";
import { previewPromql, previewServiceSignals } from "./preview-promql";

const prometheusUrl = inject("prometheusUrl");
const service = `preview-${Date.now().toString(36)}`;
const admin: ActingUser = { id: "prev-admin", email: "a@test.local", name: "admin", role: "admin" };
const opts = { prometheusUrl };

beforeAll(async () => {
  await setExporterService(inject("exporterUrl"), service, { rps: 40, errorRatio: 0.25, ordersPerSecond: 8 });
  await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), service, 6);
});

describe("previewPromql", () => {
  it("shows the current value and series count of a real series, after $service/$window substitution", async () => {
    const p = await previewPromql({ query: DEFAULT_QUERIES.errorRate, serviceName: service, rateWindowSec: 3 }, opts);
    expect(p.query).toContain(`service="${service}"`);
    expect(p.query).toContain("[3s]");
    expect(p).toMatchObject({ status: "ok", resultType: "vector", seriesCount: 1, errorType: null });
    expect(p.values[0].value).toBeCloseTo(0.25, 1);
    expect(p.message).toMatch(/^1 series: 0\.2/);

    const bySatus = await previewPromql(
      {
        query: 'sum by (status) (rate(http_requests_total{service="$service"}[$window]))',
        serviceName: service,
        rateWindowSec: 3,
      },
      opts,
    );
    expect(bySatus.seriesCount).toBe(2);
    expect(bySatus.values.map((v) => v.labels.status).sort()).toEqual(["200", "500"]);
  });

  it('states "no data" plainly for a query that matches nothing', async () => {
    const p = await previewPromql({ query: 'up{job="no-such-job-$service"}', serviceName: service }, opts);
    expect(p).toMatchObject({
      status: "no-data",
      seriesCount: 0,
      values: [],
      message: "No data: the query matched no series.",
    });
  });

  it("shows a query that does not parse as Prometheus's error type and short error, nothing more", async () => {
    const p = await previewPromql({ query: "sum(rate(http_requests_total[5m]", serviceName: service }, opts);
    expect(p).toMatchObject({ status: "invalid", errorType: "bad_data", seriesCount: 0 });
    expect(p.message).toMatch(/^Prometheus query failed \(bad_data\): .*parse error/);
    expect(p.message).not.toContain('"status"');
  });

  it("says when Prometheus does not answer or is not configured", async () => {
    const down = await previewPromql(
      { query: "up", serviceName: service },
      { prometheusUrl: `http://127.0.0.1:${await freePort()}` },
    );
    expect(down).toMatchObject({
      status: "unavailable",
      message: expect.stringMatching(/^Prometheus unreachable at /),
    });
    const none = await previewPromql({ query: "up", serviceName: service }, { prometheusUrl: null });
    expect(none.status).toBe("not-configured");
  });

  it("previews a service's four signals with its overrides", async () => {
    const s = serviceSettingsSchema.parse({
      name: service,
      promQueries: { healthSuccess: 'avg(health_check_success{service="$service", check="liveness"})' },
      triggerConfig: { rateWindowSec: 3 },
    });
    const r = await previewServiceSignals(s, opts);
    expect(r.errorRate).toMatchObject({ status: "ok", overridden: false });
    expect(r.healthSuccess).toMatchObject({ status: "ok", overridden: true, values: [{ value: 1 }] });
    expect(r.business.values[0].value).toBeGreaterThan(4);
  });
});

describe("previewPromqlAction", () => {
  it("runs for an admin against PROMETHEUS_URL and refuses an empty query with a field error", async () => {
    const saved = process.env.PROMETHEUS_URL;
    process.env.PROMETHEUS_URL = prometheusUrl;
    try {
      const r = await runAs(admin, () =>
        previewPromqlAction({ query: DEFAULT_QUERIES.business, serviceName: service, rateWindowSec: 3 }),
      );
      if (!r.ok) throw new Error(r.error);
      expect(r.data).toMatchObject({ status: "ok", seriesCount: 1 });
      const empty = await runAs(admin, () => previewPromqlAction({ query: "  ", serviceName: service }));
      expect(empty).toMatchObject({ ok: false, code: "invalid", fieldErrors: { query: ["PromQL must not be empty"] } });
    } finally {
      if (saved === undefined) delete process.env.PROMETHEUS_URL;
      else process.env.PROMETHEUS_URL = saved;
    }
  });
});
