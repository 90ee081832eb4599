import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  DEFAULT_QUERIES,
  baselineQuery,
  escapeLabelValue,
  parsePromQueries,
  promDuration,
  signalQuery,
} from "./signals";

describe("signalQuery", () => {
  it("builds the defaults from the common metric names and the service name", () => {
    const svc = { name: "checkout", promQueries: {} };
    expect(signalQuery(svc, "errorRate", { rateWindowSec: 300 })).toBe(
      '(sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{service="checkout"}[5m]))',
    );
    expect(signalQuery(svc, "p95Latency", { rateWindowSec: 60 })).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[1m])))',
    );
    expect(signalQuery(svc, "healthSuccess", { rateWindowSec: 60 })).toBe(
      'avg(health_check_success{service="checkout"}) or avg(up{job="checkout"})',
    );
    expect(signalQuery(svc, "business", { rateWindowSec: 5 })).toBe(
      'sum(rate(orders_created_total{service="checkout"}[5s]))',
    );
  });
  it("uses the service's override, with the same placeholders", () => {
    const svc = { name: "api", promQueries: { business: 'sum(rate(payments_total{app="$service"}[$window]))' } };
    expect(signalQuery(svc, "business", { rateWindowSec: 120 })).toBe('sum(rate(payments_total{app="api"}[2m]))');
    expect(signalQuery(svc, "errorRate", { rateWindowSec: 120 })).toContain("http_requests_total");
  });
  it("escapes the service name so it cannot break out of the label matcher", () => {
    const q = signalQuery({ name: 'a"}) or vector(1) #\\$window', promQueries: {} }, "business", { rateWindowSec: 60 });
    expect(q).toBe('sum(rate(orders_created_total{service="a\\"}) or vector(1) #\\\\$window"}[1m]))');
    expect(escapeLabelValue("x\ny")).toBe("x\\ny");
  });
  it("refuses malformed overrides with AppError(invalid)", () => {
    expect(() => parsePromQueries({ errRate: "up" })).toThrow(AppError);
    expect(() => parsePromQueries({ business: "" })).toThrow(/business/);
    expect(() => signalQuery({ name: "x", promQueries: { business: 3 } }, "business", { rateWindowSec: 60 })).toThrow(
      /Invalid PromQL overrides/,
    );
    expect(parsePromQueries(null)).toEqual({});
  });
  it("has a default for each signal", () => {
    expect(Object.keys(DEFAULT_QUERIES).sort()).toEqual(["business", "errorRate", "healthSuccess", "p95Latency"]);
  });
});

describe("baselineQuery and durations", () => {
  it("averages the signal over the window before the rate window", () => {
    expect(baselineQuery("sum(x)", { windowSec: 600, offsetSec: 60, stepSec: 20 })).toBe(
      "avg_over_time((sum(x))[10m:20s] offset 1m)",
    );
    expect(baselineQuery("sum(x)", { windowSec: 5, offsetSec: 0, stepSec: 1 })).toBe("avg_over_time((sum(x))[5s:1s])");
  });
  it("formats durations", () => {
    expect([promDuration(3600), promDuration(90), promDuration(120), promDuration(1.5)]).toEqual([
      "1h",
      "90s",
      "2m",
      "1500ms",
    ]);
    expect(() => promDuration(0)).toThrow(AppError);
  });
});
