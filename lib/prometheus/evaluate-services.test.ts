// The query planning of the watcher, with a recording stand-in for the client (pure logic only;
// the integration tests use the real Prometheus).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { InstantResult, PrometheusClient } from "./client";
import { evaluateServices, limiter } from "./evaluate-services";

function fakeClient(answer: (promql: string) => InstantResult | Error) {
  const asked: string[] = [];
  const client: PrometheusClient = {
    baseUrl: "http://prom",
    async query(promql) {
      asked.push(promql);
      const a = answer(promql);
      if (a instanceof Error) throw a;
      return a;
    },
    queryRange: async () => [],
  };
  return { client, asked };
}
const vec = (pairs: Record<string, number>): InstantResult => ({
  kind: "vector",
  samples: Object.entries(pairs).map(([service, value]) => ({ labels: { service }, t: 0, value })),
});
const svc = (name: string, over: Partial<{ promQueries: unknown; triggerConfig: unknown }> = {}) => ({
  id: `id-${name}`,
  name,
  promQueries: over.promQueries ?? {},
  triggerConfig: over.triggerConfig ?? {},
});
const statuses = (m: Map<string, { rule: string; evaluation: { state: { status: string } } }[]>, id: string) =>
  Object.fromEntries((m.get(id) ?? []).map((r) => [r.rule, r.evaluation.state.status]));

describe("evaluateServices", () => {
  it("asks one batched query per signal (and baseline) for all services on defaults", async () => {
    const { client, asked } = fakeClient((q) =>
      q.includes("http_requests_total")
        ? vec({ a: 0.01, b: 0.5 })
        : q.includes("health_check")
          ? vec({ a: 1, b: 1 })
          : vec({ a: 0.1, b: 0.1 }),
    );
    const r = await evaluateServices(client, [svc("a"), svc("b")], () => undefined, 0);
    expect(asked).toHaveLength(6);
    expect(new Set(asked).size).toBe(6);
    expect(statuses(r, "id-a")).toEqual({ errorRate: "ok", p95Latency: "ok", healthSuccess: "ok", business: "ok" });
    expect(statuses(r, "id-b").errorRate).toBe("pending");
    // The timeline gets the service's own PromQL, not the batch.
    expect(r.get("id-b")![0].query).toContain('service="b"');
  });

  it("runs an override alone and reads a service missing from a batch as unknown", async () => {
    const { client, asked } = fakeClient((q) => (q.startsWith("my_") ? { kind: "scalar", t: 0, value: 0.9 } : vec({})));
    const r = await evaluateServices(
      client,
      [svc("c", { promQueries: { errorRate: 'my_errors{app="$service"}' } })],
      () => undefined,
      0,
    );
    expect(asked).toContain('my_errors{app="c"}');
    expect(statuses(r, "id-c")).toMatchObject({ errorRate: "pending", healthSuccess: "unknown", business: "unknown" });
  });

  it("makes every rule unknown with the reason when the config or a query is broken", async () => {
    const { client } = fakeClient(() => new AppError("unavailable", "Prometheus unreachable at http://prom"));
    const r = await evaluateServices(
      client,
      [svc("d", { triggerConfig: { errorRate: { threshold: 7 } } }), svc("e")],
      () => undefined,
      0,
    );
    expect(Object.values(statuses(r, "id-d"))).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    expect(r.get("id-d")![0].evaluation.state.message).toMatch(/Invalid triggerConfig/);
    expect(r.get("id-e")![0].evaluation.state.message).toBe("Prometheus unreachable at http://prom");
  });

  it("skips disabled rules", async () => {
    const { client } = fakeClient(() => vec({ f: 0 }));
    const r = await evaluateServices(
      client,
      [svc("f", { triggerConfig: { business: { enabled: false }, p95Latency: { enabled: false } } })],
      () => undefined,
      0,
    );
    expect(Object.keys(statuses(r, "id-f"))).toEqual(["errorRate", "healthSuccess"]);
  });
});

describe("limiter", () => {
  it("never runs more than max at once", async () => {
    const limit = limiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        limit(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
