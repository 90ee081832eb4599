// The watcher against the real Prometheus and Postgres of the global setup, with short windows.
import { afterAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db";
import { setExporterService, waitForSamples } from "@/test/prometheus/control";
import { startPrometheus } from "@/test/prometheus/launcher";
import { createPrometheusClient } from "./client";
import type { TriggerConfigInput } from "./rules";
import { startWatcher, type TriggerEvent, type TriggerSink, type Watcher } from "./watcher";

const prometheusUrl = inject("prometheusUrl");
const exporterUrl = inject("exporterUrl");
const run = Date.now().toString(36);
const watchers: Watcher[] = [];
const serviceNames: string[] = [];

// Only the error-rate rule, on 3 s rate windows, firing after 5 s.
const SHORT: TriggerConfigInput = {
  rateWindowSec: 3,
  errorRate: { forSec: 5 },
  p95Latency: { enabled: false },
  healthSuccess: { enabled: false },
  business: { enabled: false },
};

function recorder() {
  const events: TriggerEvent[] = [];
  const sink: TriggerSink = {
    onFired: (e) => void events.push(e),
    onResolved: (e) => void events.push(e),
    onUnknown: (e) => void events.push(e),
    onRecovered: (e) => void events.push(e),
  };
  return { events, sink, kinds: () => events.map((e) => e.kind) };
}

async function service(suffix: string, triggerConfig: TriggerConfigInput = SHORT) {
  const name = `watch-${suffix}-${run}`;
  serviceNames.push(name);
  await setExporterService(exporterUrl, name, { rps: 40, errorRatio: 0.01, latencySeconds: 0.1 });
  return db.service.create({ data: { name, triggerConfig, triggerPolicy: "notify" } });
}

function watcher(names: string[], sink: TriggerSink, over: Partial<Parameters<typeof startWatcher>[0]> = {}) {
  // Each test's watchers get their own lock, so a previous test's leader does not block them.
  const lockKey = [0x52434321, 2000 + watchers.length] as const;
  const w = startWatcher({
    prometheusUrl,
    sink,
    instanceId: `test-${watchers.length}`,
    intervalMs: 0,
    serviceNames: names,
    lockKey,
    log: () => {},
    ...over,
  });
  watchers.push(w);
  return w;
}

const stateOf = (serviceId: string, rule = "errorRate") =>
  db.triggerState.findUnique({ where: { serviceId_rule: { serviceId, rule } } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await Promise.all(watchers.map((w) => w.stop()));
  await db.service.deleteMany({ where: { name: { in: serviceNames } } });
});

describe("trigger watcher", () => {
  it("a raised error ratio goes ok → pending → firing after the window, then resolves", async () => {
    const svc = await service("rise");
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 5);
    const rec = recorder();
    const w = watcher([svc.name], rec.sink);
    expect((await w.evaluateOnce()).leader).toBe(true);
    expect(await stateOf(svc.id)).toMatchObject({ state: "ok", threshold: 0.05 });

    const raisedAt = Date.now();
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0.5 });
    const seen: string[] = [];
    while (Date.now() - raisedAt < 30_000) {
      await w.evaluateOnce();
      const s = await stateOf(svc.id);
      if (seen.at(-1) !== s!.state) seen.push(s!.state);
      if (s!.state === "firing") break;
      await sleep(500);
    }
    expect(seen.filter((s) => s !== "ok")).toEqual(["pending", "firing"]);
    const row = await stateOf(svc.id);
    expect(row!.lastFiredAt!.getTime() - row!.breachSince!.getTime()).toBeGreaterThanOrEqual(5_000);
    const fired = rec.events.filter((e) => e.kind === "fired");
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      rule: "errorRate",
      service: { id: svc.id, name: svc.name, triggerPolicy: "notify" },
      comparator: ">",
      threshold: 0.05,
      query: expect.stringContaining(`service="${svc.name}"`),
    });
    expect(fired[0].value).toBeGreaterThan(0.3);
    expect(fired[0].breachSince!.getTime()).toBeGreaterThanOrEqual(raisedAt);

    await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
    for (let i = 0; i < 20 && (await stateOf(svc.id))!.state !== "ok"; i++) {
      await sleep(500);
      await w.evaluateOnce();
    }
    expect(rec.kinds()).toEqual(["fired", "resolved"]);
  });

  it("p95 latency against its baseline: a 3× slowdown fires, with the baseline frozen at breach start", async () => {
    const svc = await service("slow", {
      rateWindowSec: 2,
      errorRate: { enabled: false },
      p95Latency: { forSec: 3, baselineSec: 4 },
      healthSuccess: { enabled: false },
      business: { enabled: false },
    });
    await setExporterService(exporterUrl, svc.name, { latencySeconds: 0.1 });
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 8);
    const rec = recorder();
    const w = watcher([svc.name], rec.sink);
    await w.evaluateOnce();
    // All requests at 0.1 s: p95 interpolates to 0.0975 in the (0.05, 0.1] bucket; threshold 2× that.
    expect(await stateOf(svc.id, "p95Latency")).toMatchObject({ state: "ok", threshold: expect.closeTo(0.195, 3) });

    await setExporterService(exporterUrl, svc.name, { latencySeconds: 0.3 });
    const started = Date.now();
    while (Date.now() - started < 20_000 && !rec.kinds().includes("fired")) {
      await sleep(500);
      await w.evaluateOnce();
    }
    const fired = rec.events.find((e) => e.kind === "fired")!;
    expect(fired).toMatchObject({ rule: "p95Latency", comparator: ">", threshold: expect.closeTo(0.195, 3) });
    expect(fired.value).toBeCloseTo(0.4875, 3);
    // Once the baseline window lies inside the slowdown, a moving baseline would have caught up and
    // "resolved" the breach; the frozen one keeps it firing.
    const firedAt = Date.now();
    while (Date.now() - firedAt < 5_000) {
      await sleep(1000);
      await w.evaluateOnce();
    }
    expect(await stateOf(svc.id, "p95Latency")).toMatchObject({ state: "firing", threshold: expect.closeTo(0.195, 3) });
    expect(rec.kinds()).toEqual(["fired"]);
  });

  it("two watcher instances against one database: one leads and the rule fires once", async () => {
    const svc = await service("two", { ...SHORT, errorRate: { forSec: 2 } });
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0.5 });
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 5);
    const lockKey = [0x52434321, 1000] as const;
    const a = recorder();
    const b = recorder();
    const wa = watcher([svc.name], a.sink, { lockKey, instanceId: "replica-a" });
    const wb = watcher([svc.name], b.sink, { lockKey, instanceId: "replica-b" });
    const leaders = new Set<string>();
    const started = Date.now();
    while (Date.now() - started < 6_000) {
      const [ra, rb] = await Promise.all([wa.evaluateOnce(), wb.evaluateOnce()]);
      expect(ra.leader && rb.leader).toBe(false);
      if (ra.leader) leaders.add("a");
      if (rb.leader) leaders.add("b");
      await sleep(300);
    }
    expect(leaders.size).toBe(1);
    expect([...a.events, ...b.events].filter((e) => e.kind === "fired")).toHaveLength(1);

    // The leader's connection drops: the lock goes with it and the other replica takes over.
    const [leader, follower] = wa.isLeader() ? [wa, wb] : [wb, wa];
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2",
      [lockKey[0], lockKey[1]],
    );
    await admin.end();
    await sleep(200);
    expect((await follower.evaluateOnce()).leader).toBe(true);
    expect((await leader.evaluateOnce()).leader).toBe(false);
    // Still firing, so no second "fired" from the new leader.
    expect([...a.events, ...b.events].filter((e) => e.kind === "fired")).toHaveLength(1);
  });

  it("a stopped Prometheus makes the rule unknown and never fires", async () => {
    const svc = await service("down", { ...SHORT, errorRate: { forSec: 0 } });
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
    const exporterPort = new URL(exporterUrl).port;
    const second = await startPrometheus({ scrapeTargets: [`127.0.0.1:${exporterPort}`] });
    try {
      const client = createPrometheusClient({ baseUrl: second.url });
      await waitForSamples(client, svc.name, 4);
      const rec = recorder();
      const w = watcher([svc.name], rec.sink, {
        prometheusUrl: second.url,
        lockKey: [0x52434321, 1001],
        queryTimeoutMs: 1000,
      });
      await w.evaluateOnce();
      expect(await stateOf(svc.id)).toMatchObject({ state: "ok" });

      await second.kill();
      await setExporterService(exporterUrl, svc.name, { errorRatio: 0.9 }); // would fire at once if seen
      await w.evaluateOnce();
      await w.evaluateOnce();
      const row = await stateOf(svc.id);
      expect(row).toMatchObject({
        state: "unknown",
        message: `Prometheus unreachable at ${second.url}: nothing listens there (ECONNREFUSED). Check PROMETHEUS_URL (the Helm chart's prometheus.url), and that Prometheus is up and reachable from the dashboard.`,
      });
      expect(rec.kinds()).toEqual(["unknown"]);
      expect(rec.events[0]).toMatchObject({ value: null, rule: "errorRate" });
    } finally {
      await second.stop();
    }
  });
});
