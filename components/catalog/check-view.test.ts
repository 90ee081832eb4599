import { describe, expect, it } from "vitest";
import type { ClusterAccessReport } from "@/lib/services/checks/check-cluster-access";
import type { PromqlPreview } from "@/lib/services/checks/preview-promql";
import { clusterCheck, promqlCheck, urlCheck } from "./check-view";

const preview = (p: Partial<PromqlPreview>): PromqlPreview => ({
  query: "up",
  status: "ok",
  resultType: "vector",
  seriesCount: 0,
  values: [],
  errorType: null,
  message: "",
  ...p,
});

describe("promqlCheck", () => {
  it("shows the current value and the series count", () => {
    const c = promqlCheck(
      preview({
        seriesCount: 2,
        values: [
          { labels: {}, value: 0.0123456789 },
          { labels: {}, value: 1 },
        ],
      }),
    );
    expect(c).toMatchObject({ state: "ok", summary: "Current value 0.0123457 · 2 series" });
    expect(promqlCheck(preview({ seriesCount: 1, values: [{ labels: {}, value: 3 }] })).summary).toBe(
      "Current value 3 · 1 series",
    );
  });

  it('says "No data" plainly, and a refused query is an error with its reason', () => {
    expect(promqlCheck(preview({ status: "no-data", message: "No data: the query matched no series." }))).toEqual({
      state: "warn",
      summary: "No data",
      detail: "No data: the query matched no series.",
    });
    expect(promqlCheck(preview({ status: "invalid", message: "parse error at char 5" }))).toMatchObject({
      state: "error",
      summary: "Prometheus refused this query",
      detail: "parse error at char 5",
    });
  });
});

describe("urlCheck", () => {
  it("tells an answering URL from one that does not answer", () => {
    const base = { url: "http://x", status: 200, latencyMs: 3 };
    expect(urlCheck({ ...base, ok: true, message: "HTTP 200 in 3 ms" }).state).toBe("ok");
    expect(urlCheck({ ...base, ok: false, status: null, message: "connection refused" })).toEqual({
      state: "error",
      summary: "No: connection refused",
    });
  });
});

describe("clusterCheck", () => {
  const ctx = { context: "prod", server: "https://k", reachable: true, version: "v1.36.0", error: null };
  const report = (strategies: ClusterAccessReport["strategies"], reachable = true): ClusterAccessReport => ({
    ok: false,
    contexts: [{ ...ctx, reachable, error: reachable ? null : "connection refused" }],
    strategies,
    notConfigured: [],
  });

  it("names each strategy's missing permissions", () => {
    const c = clusterCheck(
      report([
        { kind: "deployment-undo", ok: true, rules: [], problems: [] },
        {
          kind: "canary",
          ok: false,
          rules: [],
          problems: ["missing: patch gateway.networking.k8s.io/httproutes in shop"],
        },
      ]),
    );
    expect(c.state).toBe("error");
    expect(c.summary).toBe("Reachable; 1 strategy lacks permissions");
    expect(c.missing).toEqual([
      { strategy: "canary", lines: ["missing: patch gateway.networking.k8s.io/httproutes in shop"] },
    ]);
  });

  it("says when the cluster is not reachable, and when all is well", () => {
    expect(clusterCheck(report([], false))).toMatchObject({ state: "error", summary: "Cluster not reachable" });
    expect(clusterCheck(report([{ kind: "deployment-undo", ok: true, rules: [], problems: [] }]))).toMatchObject({
      state: "ok",
      summary: "Reachable; all permissions present (deployment-undo)",
    });
  });
});
