// The onboarding panel's "Point to Prometheus" against the real test Prometheus.
import { describe, expect, it } from "vitest";
import { displayUrl, prometheusStatus } from "./prometheus-status";

const prometheusUrl = () => {
  const u = process.env.TEST_PROMETHEUS_URL;
  if (!u) throw new Error("TEST_PROMETHEUS_URL is not set by the integration globalSetup");
  return u;
};

describe("prometheusStatus", () => {
  it("says the configured Prometheus answers", async () => {
    const s = await prometheusStatus(prometheusUrl());
    expect(s).toMatchObject({ configured: true, answers: true, url: displayUrl(prometheusUrl()) });
  });

  it("says plainly when nothing listens there, without the URL's credentials", async () => {
    const s = await prometheusStatus("http://admin:hunter2@127.0.0.1:9/prom/");
    expect(s).toMatchObject({ configured: true, answers: false, url: "http://127.0.0.1:9/prom" });
    expect(JSON.stringify(s)).not.toContain("hunter2");
  });

  it("says when no Prometheus is configured", async () => {
    expect(await prometheusStatus("")).toEqual({ configured: false });
  });
});
