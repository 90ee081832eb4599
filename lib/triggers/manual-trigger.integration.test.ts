// One-click manual triggers: an incident with the trigger as source, joined while one is open.
import { describe, expect, it } from "vitest";
import { runAs } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { declareManualTriggerAction } from "@/lib/actions/declare-manual-trigger";
import { userWithRole } from "@/test/helpers/users";

describe("manual triggers", () => {
  it("declare in one click, join the open incident, and stay forbidden to viewers", async () => {
    const svc = await db.service.create({
      data: { name: `manual-${Date.now().toString(36)}`, triggerPolicy: "auto", deployments: ["web"] },
    });
    const responder = await userWithRole("responder", "manual");
    const viewer = await userWithRole("viewer", "manual");
    expect(
      await runAs(viewer, () => declareManualTriggerAction({ serviceId: svc.id, kind: "data_corruption" })),
    ).toMatchObject({ ok: false, code: "forbidden" });
    const a = await runAs(responder, () => declareManualTriggerAction({ serviceId: svc.id, kind: "data_corruption" }));
    expect(a).toMatchObject({ ok: true, data: { created: true } });
    const b = await runAs(responder, () => declareManualTriggerAction({ serviceId: svc.id, kind: "user_reports" }));
    expect(b.ok && a.ok && b.data.id === a.data.id).toBe(true);
    const incident = await db.incident.findFirstOrThrow({ where: { serviceId: svc.id } });
    expect(incident).toMatchObject({ source: "data_corruption", severity: "P1", declaredById: responder.id });
    expect(incident.detectedAt).not.toBeNull();
    const kinds = (await eventsAfter(incident.id)).map((e) => e.kind);
    expect(kinds).toEqual(["incident.declared", "trigger.manual", "trigger.manual"]);
    // A manual trigger never starts a rollback, whatever the policy.
    expect(await db.rollbackAction.count({ where: { serviceId: svc.id } })).toBe(0);
    expect(
      await runAs(responder, () => declareManualTriggerAction({ serviceId: svc.id, kind: "rm -rf" })),
    ).toMatchObject({ ok: false, code: "invalid" });
  });
});
