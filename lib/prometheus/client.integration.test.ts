// The client against the real Prometheus of the global setup, scraping the test exporter.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { AppError } from "@/lib/errors";
import { setExporterService, waitForSamples } from "@/test/prometheus/control";
import { freePort } from "@/test/prometheus/launcher";
import { createPrometheusClient, singleValue } from "./client";
import { SIGNAL_NAMES, batchSignalQuery, signalQuery } from "./signals";

const service = `client-${Date.now().toString(36)}`;
const prom = createPrometheusClient({ baseUrl: inject("prometheusUrl") });
const q = (signal: Parameters<typeof signalQuery>[1]) =>
  signalQuery({ name: service, promQueries: {} }, signal, { rateWindowSec: 3 });

describe("Prometheus client", () => {
  beforeAll(async () => {
    await setExporterService(inject("exporterUrl"), service, {
      rps: 40,
      errorRatio: 0.25,
      latencySeconds: 0.3,
      healthyRatio: 0.75,
      ordersPerSecond: 8,
    });
    // The first scrapes of a new Prometheus start a few seconds after it is ready; wait for a full
    // rate window (and more) of samples so rates are not cut short at the series start.
    await waitForSamples(prom, service, 6);
  });

  it("instant queries return the exporter's values for the four signals", async () => {
    expect(singleValue(await prom.query(q("errorRate")))).toBeCloseTo(0.25, 2);
    // All requests take 0.3 s: p95 interpolates inside the (0.25, 0.5] bucket.
    expect(singleValue(await prom.query(q("p95Latency")))).toBeCloseTo(0.25 + 0.95 * 0.25, 3);
    expect(singleValue(await prom.query(q("healthSuccess")))).toBe(0.75);
    expect(singleValue(await prom.query(q("business")))).toBeGreaterThan(6);
    expect(singleValue(await prom.query(q("business")))).toBeLessThan(10);
  });

  it("the batched (all services) default queries give the same values as the per-service ones", async () => {
    const time = Date.now() - 1000;
    for (const signal of SIGNAL_NAMES) {
      const single = singleValue(await prom.query(q(signal), { time }));
      const batch = await prom.query(batchSignalQuery(signal, { rateWindowSec: 3 }), { time });
      const mine = batch.kind === "vector" ? batch.samples.find((s) => s.labels.service === service) : undefined;
      expect(mine?.value, signal).toBeCloseTo(single!, 6);
    }
  });

  it("range queries return a series of points over time", async () => {
    const end = Date.now();
    const series = await prom.queryRange(`sum(rate(http_requests_total{service="${service}"}[3s]))`, {
      start: end - 4000,
      end,
      stepSec: 1,
    });
    expect(series).toHaveLength(1);
    expect(series[0].points.length).toBeGreaterThanOrEqual(2);
    // The exporter sends ~50 req/s; scrape jitter on a loaded machine moves a 3 s rate a lot.
    for (const p of series[0].points) expect(p.v).toBeGreaterThan(5);
    expect(series[0].points.at(-1)!.t).toBeLessThanOrEqual(end);
  });

  it("a bad query is AppError(invalid): Prometheus' errorType and error, what was tried and where to fix it", async () => {
    const err = await prom
      .query("sum(rate(http_requests_total[5m]", {
        what: 'read the error rate of "checkout"',
        queryFix: 'promQueries.errorRate of service "checkout" in the catalog',
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("invalid");
    expect(err.userMessage).toMatch(
      /^Prometheus query failed \(bad_data\): .*parse error.* \(the dashboard tried to read the error rate of "checkout"\)\. Fix promQueries\.errorRate of service "checkout" in the catalog\.$/,
    );
  });

  it("credentials in the URL are sent, never shown", async () => {
    // This Prometheus has no auth: the call works (fetch alone refuses URLs with credentials)...
    const real = new URL(inject("prometheusUrl"));
    real.username = "rcc";
    real.password = "S3CRET";
    const withAuth = createPrometheusClient({ baseUrl: real.toString() });
    expect(singleValue(await withAuth.query("vector(1)"))).toBe(1);
    expect(withAuth.baseUrl).not.toContain("S3CRET");
    // ...and a failure names the URL without them.
    const dead = `http://rcc:S3CRET@127.0.0.1:${await freePort()}`;
    const err = await createPrometheusClient({ baseUrl: dead })
      .query("up")
      .catch((e) => e);
    expect(err.userMessage).not.toContain("S3CRET");
    expect(err.userMessage).not.toContain("rcc");
  });

  it("an unreachable Prometheus is AppError(unavailable): the URL, the reason and the setting to check", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const err = await createPrometheusClient({ baseUrl: url, timeoutMs: 2000 })
      .query("up")
      .catch((e) => e);
    expect(err).toMatchObject({
      code: "unavailable",
      userMessage:
        `Prometheus unreachable at ${url}: nothing listens there (ECONNREFUSED). Check PROMETHEUS_URL (the Helm ` +
        "chart's prometheus.url), and that Prometheus is up and reachable from the dashboard.",
    });
  });

  it("a wrong path (no API there) is said as such, not as a body", async () => {
    const err = await createPrometheusClient({ baseUrl: `${inject("prometheusUrl")}/nope` })
      .query("up")
      .catch((e) => e);
    expect(err.userMessage).toMatch(/has no Prometheus API at \/api\/v1\/query \(HTTP 404\)/);
  });

  it("a hanging Prometheus times out as AppError(unavailable)", async () => {
    const net = await import("node:net");
    const srv = net.createServer(() => {}); // accepts and never answers
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as import("node:net").AddressInfo).port;
    try {
      const err = await createPrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 })
        .query("up")
        .catch((e) => e);
      expect(err).toMatchObject({
        code: "unavailable",
        userMessage: expect.stringMatching(/did not answer within 300 ms/),
      });
    } finally {
      srv.close();
    }
  });
});
