// Deliveries a sender left pending (it crashed mid-way) are re-claimed once their lease runs out
// and sent on, notices and team notifications alike; only the lease holder records the outcome,
// and every send of one delivery carries the same X-RCC-Delivery id for the receiver to dedupe on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deliver, setDeliveryTuning, settleDeliveries } from "@/lib/comms/deliver";
import { noticeVersionMessage } from "@/lib/comms/publish";
import { sweepStaleDeliveries } from "@/lib/comms/sweep-deliveries";
import { appendEvent } from "@/lib/incidents/timeline";
import { startReceiver } from "@/test/comms/receiver";

const HANG_MS = 2_000;

describe("delivery leases and the stale-delivery sweep", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let incidentId: string;
  const hookIds: string[] = [];
  const hook = async (name: string, path: string, audience: "internal" | "customer") => {
    const h = await db.webhook.create({
      data: { name: `${name}-${incidentId}`, kind: "generic", url: `${receiver.url}${path}`, audience },
    });
    hookIds.push(h.id);
    return h;
  };
  const deliveryEvents = (hookName: string) =>
    db.timelineEvent
      .findMany({ where: { incidentId, kind: { startsWith: "comms.webhook" } }, orderBy: { id: "asc" } })
      .then((es) => es.filter((e) => (e.payload as { webhook?: string }).webhook === `${hookName}-${incidentId}`));

  beforeAll(async () => {
    receiver = await startReceiver(HANG_MS);
    const service = await db.service.create({ data: { name: `leases-${Date.now()}`, deployments: ["web"] } });
    incidentId = (await db.incident.create({ data: { title: "Leases", severity: "P2", serviceId: service.id } })).id;
  });

  afterAll(async () => {
    await settleDeliveries();
    setDeliveryTuning(null);
    await db.webhook.deleteMany({ where: { id: { in: hookIds } } });
    await receiver.close();
  });

  it("re-sends a notice and a team notification whose sender crashed, once, with the same delivery id", async () => {
    setDeliveryTuning({ attempts: 3, timeoutMs: 2_000, backoffMs: [50], leaseMs: 60_000 });
    const customer = await hook("status", "/ok-notice", "customer");
    const team = await hook("team", "/ok-team", "internal");
    const live = await hook("live", "/ok-live", "customer");

    const notice = await db.notice.create({ data: { incidentId, kind: "customer", title: "Down", draftBody: "x" } });
    const version = await db.noticeVersion.create({
      data: { noticeId: notice.id, version: 1, title: "We are investigating", body: "Checkout is failing." },
    });
    const event = await appendEvent({
      incidentId,
      kind: "incident.declared",
      actor: "Cam",
      message: "Declared",
      payload: { severity: "P2", serviceId: null, source: "manual" },
    });
    const past = new Date(Date.now() - 120_000);
    // A sender claimed these, counted one attempt on the notice, then died.
    const crashedNotice = await db.webhookDelivery.create({
      data: {
        webhookId: customer.id,
        key: `notice:${version.id}`,
        incidentId,
        attempts: 1,
        leaseId: "dead-sender",
        leaseUntil: past,
      },
    });
    // A row from before leases: no lease at all, old.
    const legacyTeam = await db.webhookDelivery.create({
      data: { webhookId: team.id, key: `event:${event.id}`, incidentId, createdAt: past },
    });
    // Someone alive holds this one: never taken from them.
    const held = await db.webhookDelivery.create({
      data: {
        webhookId: live.id,
        key: `notice:${version.id}`,
        incidentId,
        leaseId: "alive",
        leaseUntil: new Date(Date.now() + 60_000),
      },
    });

    const swept = await sweepStaleDeliveries();
    const mine = swept.filter((r) => r.webhook.endsWith(incidentId)).map((r) => [r.webhook, r.state]);
    expect(mine.sort()).toEqual([
      [`status-${incidentId}`, "delivered"],
      [`team-${incidentId}`, "delivered"],
    ]);
    const [n] = receiver.on("/ok-notice");
    expect(receiver.on("/ok-notice")).toHaveLength(1);
    expect(n.headers["x-rcc-delivery"]).toBe(crashedNotice.id);
    expect(JSON.parse(n.body)).toMatchObject({ event: "notice.published", id: version.id });
    const [t] = receiver.on("/ok-team");
    expect(receiver.on("/ok-team")).toHaveLength(1);
    expect(t.headers["x-rcc-delivery"]).toBe(legacyTeam.id);
    expect(JSON.parse(t.body)).toMatchObject({ event: "incident.declared", id: String(event.id) });
    expect(receiver.on("/ok-live")).toHaveLength(0);

    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: crashedNotice.id } })).toMatchObject({
      state: "delivered",
      attempts: 2,
      lastStatus: 200,
    });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: legacyTeam.id } })).toMatchObject({
      state: "delivered",
      attempts: 1,
    });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
      state: "pending",
      leaseId: "alive",
    });
    expect((await deliveryEvents("status")).map((e) => e.kind)).toEqual(["comms.webhook.delivered"]);
    expect((await deliveryEvents("status"))[0].message).toMatch(/after 2 attempts/);

    // Sweeping again sends nothing more.
    await sweepStaleDeliveries();
    expect(receiver.on("/ok-notice")).toHaveLength(1);
    expect(receiver.on("/ok-team")).toHaveLength(1);
  });

  it("a delivery whose attempts were all used by a dead sender ends failed, sending nothing", async () => {
    setDeliveryTuning({ attempts: 2, timeoutMs: 2_000, backoffMs: [50], leaseMs: 60_000 });
    const spent = await hook("spent", "/ok-spent", "customer");
    const notice = await db.notice.create({ data: { incidentId, kind: "internal", title: "t", draftBody: "x" } });
    const version = await db.noticeVersion.create({ data: { noticeId: notice.id, version: 1, title: "t", body: "b" } });
    const row = await db.webhookDelivery.create({
      data: {
        webhookId: spent.id,
        key: `notice:${version.id}`,
        incidentId,
        attempts: 2,
        leaseId: "dead",
        leaseUntil: new Date(Date.now() - 1_000),
      },
    });
    await sweepStaleDeliveries();
    expect(receiver.on("/ok-spent")).toHaveLength(0);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ state: "failed" });
    const events = await deliveryEvents("spent");
    expect(events.map((e) => e.kind)).toEqual(["comms.webhook.failed"]);
    expect(events[0].message).toMatch(/the sender stopped after 2 attempts/);
  });

  it("only the lease holder finishes: a sender that lost its lease records nothing", async () => {
    // The lease runs out while the first sender waits on a slow receiver; the sweep takes over.
    setDeliveryTuning({ attempts: 2, timeoutMs: 5_000, backoffMs: [], leaseMs: 300 });
    const slow = await hook("slow", "/hang-lease", "customer");
    const notice = await db.notice.upsert({
      where: { incidentId_kind: { incidentId, kind: "customer" } },
      create: { incidentId, kind: "customer", title: "t", draftBody: "x" },
      update: {},
    });
    const version = await db.noticeVersion.create({ data: { noticeId: notice.id, version: 9, title: "t", body: "b" } });
    const built = await noticeVersionMessage(version.id);
    const first = deliver(slow, built!.message, { key: `notice:${version.id}`, incidentId });
    // Wait until its request is out, then past its lease.
    for (let i = 0; i < 100 && !receiver.on("/hang-lease").length; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 700));
    const [second] = (await sweepStaleDeliveries()).filter((r) => r.webhook === slow.name);
    const firstResult = await first;

    expect(second.state).toBe("delivered");
    expect(firstResult.state).toBe("skipped");
    const sends = receiver.on("/hang-lease");
    expect(sends).toHaveLength(2);
    expect(new Set(sends.map((s) => s.headers["x-rcc-delivery"])).size).toBe(1); // one id: the receiver dedupes
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: slow.id } });
    expect(row).toMatchObject({ state: "delivered", id: sends[0].headers["x-rcc-delivery"] });
    expect((await deliveryEvents("slow")).map((e) => e.kind)).toEqual(["comms.webhook.delivered"]);
  });
});
