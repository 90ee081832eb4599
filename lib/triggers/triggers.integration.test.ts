// The sink end to end: real Prometheus scraping the test exporter, real Postgres, real control plane.
// Short windows (3 s rate, 5 s for-duration) so a breach fires within seconds.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { loadIncidentMetrics } from "@/lib/postmortem/queries";
import { createPrometheusClient } from "@/lib/prometheus/client";
import type { TriggerConfigInput } from "@/lib/prometheus/rules";
import { startWatcher, type Watcher } from "@/lib/prometheus/watcher";
import { IMG, apply, createNamespace, deleteNamespace, deployment, getJson, waitObserved } from "@/test/k8s/helpers";
import type { Deployment } from "@/lib/k8s/types";
import { setExporterService, waitForSamples } from "@/test/prometheus/control";
import { startPrometheus } from "@/test/prometheus/launcher";
import { createTriggerSink } from "./sink";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;
const prometheusUrl = inject("prometheusUrl");
const exporterUrl = inject("exporterUrl");
const run = Date.now().toString(36);
const watchers: Watcher[] = [];
let ns: string;
let lock = 3000;

const SHORT: TriggerConfigInput = {
  rateWindowSec: 3,
  errorRate: { forSec: 5 },
  p95Latency: { enabled: false },
  healthSuccess: { enabled: false },
  business: { enabled: false },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 60_000,
  tick?: () => Promise<unknown>,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    await tick?.();
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(400);
  }
}

async function badDeploy(name: string) {
  await apply(kubeconfig, ns, deployment(name, { image: IMG("3.9"), replicas: 2 }));
  await waitObserved(kubeconfig, ns, name);
  await apply(kubeconfig, ns, deployment(name, { image: IMG("3.10"), replicas: 2 }));
  await waitObserved(kubeconfig, ns, name);
}

async function service(suffix: string, policy: "notify" | "auto", triggerConfig: TriggerConfigInput = SHORT) {
  const name = `trig-${suffix}-${run}`;
  await setExporterService(exporterUrl, name, { rps: 40, errorRatio: 0.01 });
  return db.service.create({
    data: { name, namespace: ns, deployments: [suffix], triggerPolicy: policy, triggerConfig, rolloutTimeoutSec: 60 },
  });
}

function watcher(names: string[], over: Partial<Parameters<typeof startWatcher>[0]> = {}) {
  const w = startWatcher({
    prometheusUrl,
    sink: createTriggerSink({ log: () => {} }),
    instanceId: `trig-${watchers.length}`,
    intervalMs: 0,
    serviceNames: names,
    lockKey: [0x52434321, lock++],
    log: () => {},
    ...over,
  });
  watchers.push(w);
  return w;
}

const incidentsOf = (serviceId: string) =>
  db.incident.findMany({ where: { serviceId }, orderBy: { declaredAt: "asc" } });
const image = async (name: string) =>
  (await getJson<Deployment>(kubeconfig, ns, "deployment", name)).spec.template.spec?.containers?.[0]?.image;

beforeAll(async () => {
  ns = await createNamespace(kubeconfig, "triggers");
});
afterAll(async () => {
  await Promise.all(watchers.map((w) => w.stop()));
  await deleteNamespace(kubeconfig, ns);
});

describe("trigger sink", () => {
  it("notify: a rising error rate opens one incident with the measured detection time, the rule and a proposed rollback", async () => {
    const svc = await service("notify", "notify");
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 5);
    const w = watcher([svc.name]);
    await w.evaluateOnce();
    const raisedAt = Date.now();
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0.5 });
    const incident = await until(
      "an incident",
      async () => (await incidentsOf(svc.id))[0],
      30_000,
      () => w.evaluateOnce(),
    );
    const state = await db.triggerState.findUniqueOrThrow({
      where: { serviceId_rule: { serviceId: svc.id, rule: "errorRate" } },
    });
    expect(incident).toMatchObject({ source: "auto-trigger", status: "investigating", declaredById: SYSTEM_USER_ID });
    // Two instants: impact started at the first breaching evaluation; detected when the rule fired,
    // once the breach had lasted its 5 s window (not the breach itself, as before issue 17).
    expect(incident.impactStartedAt!.getTime()).toBe(state.breachSince!.getTime());
    expect(incident.impactStartedAt!.getTime()).toBeGreaterThanOrEqual(raisedAt);
    expect(incident.detectedAt!.getTime() - incident.impactStartedAt!.getTime()).toBeGreaterThanOrEqual(5_000);
    expect(incident.detectedAt!.getTime()).toBeLessThanOrEqual(incident.declaredAt.getTime());

    const events = await eventsAfter(incident.id);
    const fired = events.find((e) => e.kind === "trigger.fired")!;
    expect(fired.actor).toBe("auto-trigger");
    expect(fired.payload).toMatchObject({
      rule: "errorRate",
      threshold: 0.05,
      comparator: ">",
      query: expect.stringContaining(`service="${svc.name}"`),
    });
    expect((fired.payload as { value: number }).value).toBeGreaterThan(0.3);
    // Detected = the evaluation that fired the rule, and time to detect is the window it waited out.
    expect(incident.detectedAt!.toISOString()).toBe((fired.payload as { evaluatedAt: string }).evaluatedAt);
    const { metrics } = (await loadIncidentMetrics(incident.id))!;
    expect(metrics.timeToDetect).toMatchObject({ known: true, from: "the first breach", to: "detection" });
    expect(metrics.timeToDetect.known && metrics.timeToDetect.ms).toBeGreaterThanOrEqual(5_000);
    expect(fired.message).toMatch(/Error rate .* > 5 %/);
    expect(events.map((e) => e.kind)).toContain("trigger.rollback_proposed");
    expect(await db.rollbackAction.count({ where: { serviceId: svc.id } })).toBe(0);

    // Back to healthy: the resolution lands on the same incident; no second incident.
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
    await until(
      "resolution",
      async () => (await eventsAfter(incident.id)).find((e) => e.kind === "trigger.resolved"),
      30_000,
      () => w.evaluateOnce(),
    );
    expect(await incidentsOf(svc.id)).toHaveLength(1);
  });

  it("auto: the Deployment on the control plane is rolled back as auto-trigger, once, and a flapping rule is held by the cooldown", async () => {
    await badDeploy("auto");
    const svc = await service("auto", "auto");
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 5);
    const w = watcher([svc.name]);
    await w.evaluateOnce();
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0.6 });
    const incident = await until(
      "an incident",
      async () => (await incidentsOf(svc.id))[0],
      30_000,
      () => w.evaluateOnce(),
    );
    const action = await until("the rollback", () =>
      db.rollbackAction.findUnique({ where: { idempotencyKey: `auto:${incident.id}` } }),
    );
    expect(action).toMatchObject({
      requestedBy: "auto-trigger",
      requestedById: SYSTEM_USER_ID,
      strategy: "deployment-undo",
      serviceId: svc.id,
    });
    // The system actor is a real row that nobody can sign in as (no password hash).
    expect(await db.user.findUnique({ where: { id: SYSTEM_USER_ID } })).toMatchObject({
      name: "auto-trigger",
      passwordHash: null,
    });
    const done = await until("the rollback to end", async () => {
      const a = await db.rollbackAction.findUniqueOrThrow({ where: { id: action.id } });
      return ["succeeded", "failed", "cancelled"].includes(a.state) && a;
    });
    expect(done.state).toBe("succeeded");
    expect(await image("auto")).toBe(IMG("3.9"));

    const events = await eventsAfter(incident.id);
    const kinds = events.map((e) => e.kind);
    for (const k of [
      "incident.declared",
      "trigger.fired",
      "trigger.rollback_proposed",
      "rollback.planned",
      "rollback.started",
      "rollback.succeeded",
    ])
      expect(kinds).toContain(k);
    expect(events.find((e) => e.kind === "rollback.started")!.actor).toBe("auto-trigger");
    // Everything the trigger writes names the system user's row, not just its name.
    const bySystem = async (incidentId: string) =>
      db.timelineEvent.findMany({
        where: { incidentId, actor: "auto-trigger" },
        select: { kind: true, actorId: true },
      });
    const written = await bySystem(incident.id);
    expect(written.map((e) => e.kind)).toEqual(expect.arrayContaining(["trigger.fired", "trigger.rollback_proposed"]));
    expect(written.filter((e) => e.actorId !== SYSTEM_USER_ID)).toEqual([]);
    expect(events.find((e) => e.kind === "trigger.fired")!.message).toMatch(
      /Rule errorRate fired: Error rate .* > 5 %/,
    );

    // Still firing on more evaluations: nothing new starts.
    for (let i = 0; i < 3; i++) await w.evaluateOnce();
    expect(await db.rollbackAction.count({ where: { serviceId: svc.id } })).toBe(1);

    // The rule flaps: resolves, the incident is closed, it fires again → a new incident, but the
    // cooldown (10 min by default) holds the second automatic rollback.
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
    await until(
      "resolution",
      async () => (await eventsAfter(incident.id)).find((e) => e.kind === "trigger.resolved"),
      30_000,
      () => w.evaluateOnce(),
    );
    await db.incident.update({ where: { id: incident.id }, data: { status: "resolved", resolvedAt: new Date() } });
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0.6 });
    const second = await until(
      "a second incident",
      async () => (await incidentsOf(svc.id))[1],
      30_000,
      () => w.evaluateOnce(),
    );
    const skipped = await until("the cooldown", async () =>
      (await eventsAfter(second.id)).find((e) => e.kind === "trigger.rollback_skipped"),
    );
    expect(skipped.message).toMatch(/cooldown 10 min/);
    expect((await bySystem(second.id)).filter((e) => e.actorId !== SYSTEM_USER_ID)).toEqual([]);
    expect((await bySystem(incident.id)).filter((e) => e.actorId !== SYSTEM_USER_ID)).toEqual([]); // + resolved
    expect(await db.rollbackAction.count({ where: { serviceId: svc.id } })).toBe(1);
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
  });

  it("a stopped Prometheus gives unknown: on the open incident's timeline, and no rollback", async () => {
    await badDeploy("blind");
    const svc = await service("blind", "auto", { ...SHORT, errorRate: { forSec: 0 } });
    const incident = await db.incident.create({ data: { title: "blind is flaky", severity: "P3", serviceId: svc.id } });
    const second = await startPrometheus({ scrapeTargets: [new URL(exporterUrl).host] });
    try {
      await waitForSamples(createPrometheusClient({ baseUrl: second.url }), svc.name, 4);
      const w = watcher([svc.name], { prometheusUrl: second.url, queryTimeoutMs: 1000 });
      await w.evaluateOnce();
      expect(
        await db.triggerState.findUnique({ where: { serviceId_rule: { serviceId: svc.id, rule: "errorRate" } } }),
      ).toMatchObject({ state: "ok" });

      await second.kill();
      await setExporterService(exporterUrl, svc.name, { errorRatio: 0.9 }); // would fire at once if seen
      for (let i = 0; i < 3; i++) await w.evaluateOnce();
      const state = await db.triggerState.findUniqueOrThrow({
        where: { serviceId_rule: { serviceId: svc.id, rule: "errorRate" } },
      });
      expect(state).toMatchObject({ state: "unknown", value: null });
      const events = await eventsAfter(incident.id);
      expect(events.filter((e) => e.kind === "trigger.unknown")).toHaveLength(1);
      expect(events.some((e) => e.kind === "trigger.fired" || e.kind.startsWith("rollback."))).toBe(false);
      expect(await db.rollbackAction.count({ where: { serviceId: svc.id } })).toBe(0);
      expect(await incidentsOf(svc.id)).toHaveLength(1);
      expect(await image("blind")).toBe(IMG("3.10"));
    } finally {
      await second.stop();
      await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
    }
  });

  it("two watcher instances against one database: one incident, one rollback", async () => {
    await badDeploy("pair");
    const svc = await service("pair", "auto", { ...SHORT, errorRate: { forSec: 2 } });
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0.5 });
    await waitForSamples(createPrometheusClient({ baseUrl: prometheusUrl }), svc.name, 5);
    const lockKey = [0x52434321, 3999] as const;
    const a = watcher([svc.name], { lockKey, instanceId: "replica-a" });
    const b = watcher([svc.name], { lockKey, instanceId: "replica-b" });
    const started = Date.now();
    while (Date.now() - started < 8_000) {
      const [ra, rb] = await Promise.all([a.evaluateOnce(), b.evaluateOnce()]);
      expect(ra.leader && rb.leader).toBe(false);
      await sleep(300);
    }
    expect(await incidentsOf(svc.id)).toHaveLength(1);
    const actions = await db.rollbackAction.findMany({ where: { serviceId: svc.id } });
    expect(actions).toHaveLength(1);
    const [incident] = await incidentsOf(svc.id);
    expect((await eventsAfter(incident.id)).filter((e) => e.kind === "trigger.fired")).toHaveLength(1);
    await until("the rollback to end", async () => {
      const x = await db.rollbackAction.findUniqueOrThrow({ where: { id: actions[0].id } });
      return x.state === "succeeded" && x;
    });
    expect(await image("pair")).toBe(IMG("3.9"));
    await setExporterService(exporterUrl, svc.name, { errorRatio: 0 });
  });
});
