import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setDeliveryTuning, settleDeliveries } from "@/lib/comms/deliver";
import { notifyTeam, startTeamNotifier } from "@/lib/comms/team-notify";
import { startReceiver } from "@/test/comms/receiver";
import { appendEvent } from "@/lib/incidents/timeline";

describe("team notifications", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let incidentId: string;
  let hookId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    setDeliveryTuning({ attempts: 2, timeoutMs: 500, backoffMs: [20] });
    incidentId = (await db.incident.create({ data: { title: "Payments down", severity: "P2" } })).id;
    hookId = (
      await db.webhook.create({
        data: { name: `team-slack-${incidentId}`, kind: "slack", url: `${receiver.url}/slack`, audience: "internal" },
      })
    ).id;
  });

  afterAll(async () => {
    await settleDeliveries();
    setDeliveryTuning(null);
    await db.webhook.delete({ where: { id: hookId } });
    await receiver.close();
  });

  it("posts a key event once, however often and from wherever it is called", async () => {
    const event = await appendEvent({
      incidentId,
      kind: "rollback.failed",
      actor: "runner",
      message: "Rollback of web failed: <!channel> rollout timed out",
      payload: {
        actionId: "team-notify",
        strategy: "deployment-undo",
        target: "web",
        error: "rollout timed out",
        code: "timeout",
      },
    });
    const results = await Promise.all([notifyTeam(event), notifyTeam(event), notifyTeam(event)]);
    expect(
      results
        .flat()
        .map((r) => r.state)
        .sort(),
    ).toEqual(["delivered", "skipped", "skipped"]);
    expect(receiver.on("/slack")).toHaveLength(1);
    const body = JSON.parse(receiver.on("/slack")[0].body);
    expect(body.text).toContain("[P2] Rollback FAILED: Payments down");
    expect(body.text).toContain("&lt;!channel&gt;"); // no channel-wide ping from an event message
    const recorded = await db.timelineEvent.findMany({ where: { incidentId, kind: "comms.webhook.delivered" } });
    expect(recorded).toHaveLength(1);
  });

  it("the listener notifies key events appended by anyone, and ignores the rest", async () => {
    const stop = startTeamNotifier({ sweepEveryMs: 60_000 });
    try {
      await new Promise((r) => setTimeout(r, 300)); // LISTEN established
      await appendEvent({ incidentId, kind: "note", actor: "rae", message: "just a note" });
      const declared = await appendEvent({
        incidentId,
        kind: "incident.declared",
        actor: "cam",
        message: "Declared P2: Payments down",
        payload: { severity: "P2", serviceId: null, source: "manual" },
      });
      // The shared test database may hold other recent key events: count this incident's only.
      const ours = () => receiver.on("/slack").filter((r) => r.body.includes(incidentId));
      // A bound, not a speed claim: on a loaded CI machine the listener's connect and sweep can take seconds.
      await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(2);
      await new Promise((r) => setTimeout(r, 300));
      await settleDeliveries();
      expect(ours()).toHaveLength(2);
      expect(JSON.parse(ours()[1].body).text).toContain("Incident declared");
      expect(await db.webhookDelivery.count({ where: { key: `event:${declared.id}` } })).toBe(1);
    } finally {
      await stop();
    }
  });
});
