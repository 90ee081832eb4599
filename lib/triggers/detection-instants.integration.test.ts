// The two instants of a detection on the real Postgres (issue 17): a rule that fires after its
// window records detected = the firing, impact started = the first breach; the deploy recorded
// afterwards becomes the culprit, so time to detect is deploy → firing (the sandbox's 35 s), never
// the few seconds from the deploy to the first breach.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordCauseDeploy } from "@/lib/incidents/deploys";
import { formatDuration } from "@/lib/postmortem/metrics";
import { loadIncidentMetrics } from "@/lib/postmortem/queries";
import { handleFired, type Detection } from "./handle";

const run = Date.now().toString(36);
const t0 = new Date(Date.now() - 10 * 60_000);
const at = (sec: number) => new Date(t0.getTime() + sec * 1000);

async function service(suffix: string) {
  return db.service.create({ data: { name: `instants-${suffix}-${run}`, triggerPolicy: "notify" } });
}

const detection = (serviceId: string, breachSec: number, firedSec: number, over: Partial<Detection> = {}) =>
  ({
    serviceId,
    source: "auto-trigger",
    rule: "errorRate",
    ruleLabel: "Error rate",
    query: "job:errors:ratio",
    value: 0.4,
    threshold: 0.05,
    comparator: ">",
    unit: "ratio",
    breachSince: at(breachSec),
    firedAt: at(firedSec),
    message: "error rate above 5 %",
    ...over,
  }) satisfies Detection;

describe("detection instants", () => {
  it("a rule firing after its window: detected = the firing, impact started = the first breach, then the culprit deploy", async () => {
    const svc = await service("window");
    // The deploy at t0, the first breach 4 s later, the rule fires when its 30 s window has passed.
    const fired = await handleFired(detection(svc.id, 4, 35));
    expect(fired).toMatchObject({ policy: "notify", created: true });
    const incident = await db.incident.findUniqueOrThrow({ where: { id: fired.incidentId! } });
    expect(incident.impactStartedAt).toEqual(at(4));
    expect(incident.detectedAt).toEqual(at(35));

    let m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.timeToDetect).toEqual({ known: true, ms: 31_000, from: "the first breach", to: "detection" });

    // The deploy is recorded after the fact (as the sandbox and the change watcher do): the culprit.
    await recordCauseDeploy(db, svc.id, {
      at: t0,
      by: "dev",
      image: "web:bad",
      revision: "7",
      namespace: "shop",
      deployment: "web",
      source: "test",
      via: "test",
    });
    m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.impactStarted).toEqual({ at: t0, basis: "the deploy" });
    expect(m.timeToDetect).toEqual({ known: true, ms: 35_000, from: "the deploy", to: "detection" });
    expect(formatDuration(m.timeToDetect)).toBe("35 s");

    // A second rule on the same incident: an earlier breach moves impact start, a later firing
    // does not move detection (the earliest instant wins for both).
    await handleFired(detection(svc.id, 2, 50, { rule: "p95Latency", ruleLabel: "p95 latency", unit: "seconds" }));
    const after = await db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(after.impactStartedAt).toEqual(at(2));
    expect(after.detectedAt).toEqual(at(35));
    expect(await db.incident.count({ where: { serviceId: svc.id } })).toBe(1);

    // Verified healthy ends the user impact: deploy → rollback completion, with no verification yet.
    await db.incident.update({ where: { id: incident.id }, data: { rollbackCompletedAt: at(90) } });
    m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.userImpact).toEqual({ known: true, ms: 90_000, from: "the deploy", to: "rollback completion" });
  });

  it("an incident a person declared first stays detected at the declaration when a rule fires later", async () => {
    const svc = await service("declared");
    const declared = await db.incident.create({
      data: { title: "declared by hand", severity: "P2", serviceId: svc.id, declaredAt: at(20) },
    });
    const fired = await handleFired(detection(svc.id, 10, 40));
    expect(fired).toMatchObject({ incidentId: declared.id, created: false });
    const incident = await db.incident.findUniqueOrThrow({ where: { id: declared.id } });
    expect(incident.detectedAt).toBeNull();
    expect(incident.impactStartedAt).toEqual(at(10));
    const m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.detected).toEqual({ at: at(20), basis: "the declaration" });
    expect(m.timeToDetect).toEqual({ known: true, ms: 10_000, from: "the first breach", to: "the declaration" });
  });

  it("an alert with no breach time records no impact start: time to detect and user impact are unknown", async () => {
    const svc = await service("nobreach");
    const fired = await handleFired(detection(svc.id, 0, 30, { breachSince: null, source: "alertmanager" }));
    const incident = await db.incident.findUniqueOrThrow({ where: { id: fired.incidentId! } });
    expect(incident).toMatchObject({ impactStartedAt: null, detectedAt: at(30) });
    const m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.timeToDetect.known).toBe(false);
    expect(m.userImpact.known).toBe(false);
  });
});
