// Error shapes as Node 20's fetch (undici) produces them, captured from real calls: a TypeError
// "fetch failed" whose cause carries the system or TLS code; AbortSignal.timeout's TimeoutError.
import { describe, expect, it } from "vitest";
import {
  describePrometheusApiError,
  describePrometheusError,
  describePrometheusHttpStatus,
  displayPrometheusUrl,
  prometheusNotConfiguredMessage,
  summarizePrometheusError,
} from "./describe-prometheus-error";
import { parseApiResponse } from "./parse";

const baseUrl = "https://rcc:S3CRET-PASS@prom.example:9090/prometheus/?token=T0KEN";
const shown = "https://prom.example:9090/prometheus";
const ctx = { baseUrl, what: 'query the error rate of "checkout"' };
const fetchFailed = (code: string, message: string) =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
const noSecrets = (m: string) => {
  expect(m).not.toContain("S3CRET-PASS");
  expect(m).not.toContain("T0KEN");
  expect(m).not.toContain("rcc:");
};

describe("describePrometheusError", () => {
  it("shows the URL without user, password or query string", () => {
    expect(displayPrometheusUrl(baseUrl)).toBe(shown);
    expect(displayPrometheusUrl("http://prometheus:9090/")).toBe("http://prometheus:9090");
    expect(displayPrometheusUrl("not a url")).toBe("(an invalid URL)");
  });

  it("not configured: which setting, what for, and where to set it", () => {
    expect(prometheusNotConfiguredMessage("draw the charts")).toBe(
      "Prometheus is not configured: PROMETHEUS_URL is not set, so the dashboard cannot draw the charts. Set it " +
        "to the Prometheus base URL (e.g. http://prometheus.monitoring:9090; the Helm chart's prometheus.url) " +
        "and restart the dashboard.",
    );
  });

  it("connection refused, DNS, connect timeout: unreachable, with the reason and the setting", () => {
    const refused = describePrometheusError(fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.9:9090"), ctx);
    expect(refused).toEqual({
      code: "unavailable",
      message:
        `Prometheus unreachable at ${shown}: nothing listens there (ECONNREFUSED) (the dashboard tried to query ` +
        `the error rate of "checkout"). Check PROMETHEUS_URL (the Helm chart's prometheus.url), and that ` +
        "Prometheus is up and reachable from the dashboard.",
    });
    expect(
      describePrometheusError(fetchFailed("ENOTFOUND", "getaddrinfo ENOTFOUND prom.example"), ctx).message,
    ).toMatch(
      /^Prometheus unreachable at https:\/\/prom\.example:9090\/prometheus: the host name does not resolve \(ENOTFOUND\)/,
    );
    expect(
      describePrometheusError(fetchFailed("UND_ERR_CONNECT_TIMEOUT", "Connect Timeout Error"), ctx).message,
    ).toMatch(/the connection timed out \(UND_ERR_CONNECT_TIMEOUT\)/);
    noSecrets(refused.message);
  });

  it("no answer in time: the deadline, the URL, the setting", () => {
    const e = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    const d = describePrometheusError(e, { ...ctx, timeoutMs: 4000 });
    expect(d.code).toBe("unavailable");
    expect(d.message).toMatch(/^Prometheus at https:\/\/prom\.example:9090\/prometheus did not answer within 4000 ms/);
    expect(d.message).toContain("PROMETHEUS_URL");
  });

  it("TLS refused: an untrusted certificate, or https:// to a plain-http port", () => {
    const cert = describePrometheusError(
      fetchFailed("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
      ctx,
    ).message;
    expect(cert).toMatch(
      /^Prometheus at https:\/\/prom\.example:9090\/prometheus presented a certificate that is not signed by a CA the dashboard trusts \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
    );
    expect(cert).toContain("NODE_EXTRA_CA_CERTS");
    const plain = describePrometheusError(
      fetchFailed("ERR_SSL_WRONG_VERSION_NUMBER", "ssl3_get_record:wrong version number"),
      ctx,
    ).message;
    expect(plain).toMatch(/does not speak TLS there \(an https:\/\/ URL for a plain-http port\?\)/);
    noSecrets(cert);
  });

  it("401/403: refused, with where the credentials go; 404: the path", () => {
    const d = describePrometheusHttpStatus(401, "/api/v1/query", ctx);
    expect(d.code).toBe("forbidden");
    expect(d.message).toMatch(
      /^Prometheus at https:\/\/prom\.example:9090\/prometheus refused the dashboard \(HTTP 401 Unauthorized\)/,
    );
    expect(d.message).toContain("PROMETHEUS_URL (https://user:password@host/");
    expect(describePrometheusHttpStatus(403, "/api/v1/query", ctx).message).toContain("HTTP 403 Forbidden");
    expect(describePrometheusHttpStatus(404, "/api/v1/query", ctx).message).toMatch(
      /has no Prometheus API at \/api\/v1\/query \(HTTP 404\).*route prefix/,
    );
    expect(describePrometheusHttpStatus(502, "/api/v1/query", ctx).message).toMatch(/HTTP 502 without a JSON body/);
    noSecrets(d.message);
  });

  it("a bad query: Prometheus' errorType and a one-line summary of its error, and where to fix the query", () => {
    const d = describePrometheusApiError(
      "bad_data",
      'invalid parameter "query": 1:32: parse error: unclosed left parenthesis',
      {
        ...ctx,
        queryFix: 'promQueries.errorRate of service "checkout" in the catalog',
      },
    );
    expect(d).toEqual({
      code: "invalid",
      errorType: "bad_data",
      message:
        'Prometheus query failed (bad_data): invalid parameter "query": 1:32: parse error: unclosed left ' +
        'parenthesis (the dashboard tried to query the error rate of "checkout"). Fix promQueries.errorRate of ' +
        'service "checkout" in the catalog.',
    });
    expect(describePrometheusApiError("timeout", "query timed out in expression evaluation", ctx).code).toBe(
      "unavailable",
    );
    expect(summarizePrometheusError(`first line\n${"x".repeat(500)}`)).toBe("first line");
    expect(summarizePrometheusError("y".repeat(500))).toHaveLength(240);
    expect(summarizePrometheusError("a\u0007b")).toBe("a b");
  });

  it("parseApiResponse uses the same words and never names the credentials", () => {
    const bad = { status: "error", errorType: "bad_data", error: "1:5: parse error: unexpected end of input" };
    expect(() => parseApiResponse(bad, ctx)).toThrow(/^Prometheus query failed \(bad_data\): 1:5: parse error/);
    expect(() => parseApiResponse("<html>", ctx)).toThrow(
      "Unexpected answer from https://prom.example:9090/prometheus (not a Prometheus API response)",
    );
  });
});
