// Writes typed by the event catalog, against the real Postgres: a payload that does not fit is
// refused before the insert, and the deploy recorded after the fact (the sandbox's path) lands once.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { CAUSE_WINDOW_MS, recordCauseDeploy, type SeenDeploy } from "@/lib/incidents/deploys";
import { EventPayloadError, parseEvent, type EventInput } from "@/lib/incidents/events";
import { appendEvent, eventsAfter } from "@/lib/incidents/timeline";

const run = Date.now().toString(36);

const deploy = (at: Date): SeenDeploy => ({
  at,
  by: "rae",
  image: "shop:v2-bad",
  revision: "4",
  namespace: "shop",
  deployment: "web",
  source: "test",
  via: "a test deploy",
});

describe("timeline writes through the catalog", () => {
  it("refuses a payload that does not fit its kind and writes nothing", async () => {
    const incident = await db.incident.create({ data: { title: "catalog", severity: "P3" } });
    const bad = {
      incidentId: incident.id,
      kind: "rollback.started",
      actor: "t",
      message: "m",
      payload: { actionId: "a" },
    } as unknown as EventInput;
    await expect(appendEvent(bad)).rejects.toBeInstanceOf(EventPayloadError);
    const unknown = {
      incidentId: incident.id,
      kind: "deploy.started",
      actor: "t",
      message: "m",
      payload: {},
    } as unknown as EventInput;
    await expect(appendEvent(unknown)).rejects.toThrow(/not a kind/);
    expect(await db.timelineEvent.count({ where: { incidentId: incident.id } })).toBe(0);
  });

  it("records the deploy that caused an incident once, on the open incident that has none", async () => {
    const service = await db.service.create({ data: { name: `catalog-deploy-${run}` } });
    const incident = await db.incident.create({ data: { title: "deploy", severity: "P2", serviceId: service.id } });
    const at = new Date(incident.declaredAt.getTime() - 90_000);

    expect(await recordCauseDeploy(db, service.id, deploy(at))).toBe(incident.id);
    expect(await recordCauseDeploy(db, service.id, deploy(at))).toBeNull(); // it has its deploy now

    const events = await eventsAfter(incident.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "deploy.finished", actor: "rae" });
    expect(events[0].message).toContain("shop/web → shop:v2-bad");
    const e = parseEvent(events[0]);
    if (e.kind !== "deploy.finished") throw new Error(`parsed as ${e.kind}`);
    expect(e.payload).toMatchObject({
      deployedAt: at.toISOString(),
      image: "shop:v2-bad",
      revision: "4",
      source: "test",
    });
  });

  it("leaves a deploy far older than the incident alone", async () => {
    const service = await db.service.create({ data: { name: `catalog-old-${run}` } });
    const incident = await db.incident.create({ data: { title: "old", severity: "P2", serviceId: service.id } });
    const at = new Date(incident.declaredAt.getTime() - CAUSE_WINDOW_MS - 60_000);
    expect(await recordCauseDeploy(db, service.id, deploy(at))).toBeNull();
    expect(await db.timelineEvent.count({ where: { incidentId: incident.id } })).toBe(0);
  });
});
