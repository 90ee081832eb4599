// Checklists, recorded metrics and the post-mortem through their actions, on the real Postgres.
import { beforeAll, describe, expect, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { toggleChecklistItemAction } from "@/lib/actions/toggle-checklist-item";
import { assignChecklistItemAction } from "@/lib/actions/assign-checklist-item";
import { saveChecklistTemplatesAction } from "@/lib/actions/save-checklist-templates";
import { updateIncidentMetricsAction } from "@/lib/actions/update-incident-metrics";
import { savePostMortemAction } from "@/lib/actions/save-postmortem";
import { loadIncidentMetrics } from "@/lib/postmortem/queries";
import { postMortemMarkdown } from "@/lib/postmortem/load-document";
import { userWithRole } from "@/test/helpers/users";
import { ensureChecklist, loadChecklist } from "./checklist";

let commander: ActingUser;
let responder: ActingUser;
beforeAll(async () => {
  commander = await userWithRole("commander");
  responder = await userWithRole("responder");
});

describe("checklists", () => {
  it("are created once from the templates, even by concurrent first views, with due times and overdue flags", async () => {
    const declaredAt = new Date(Date.now() - 2 * 3600_000);
    const incident = await db.incident.create({ data: { title: "cl", severity: "P2", declaredAt } });
    await Promise.all([ensureChecklist(incident.id), ensureChecklist(incident.id), ensureChecklist(incident.id)]);
    const items = await loadChecklist(incident.id);
    const templates = await db.checklistTemplate.count();
    expect(items.length).toBe(templates || items.length);
    expect(items.length).toBeGreaterThan(10);
    const immediate = items.filter((i) => i.phase === "immediate");
    expect(immediate[0].dueAt).toBe(new Date(declaredAt.getTime() + 30 * 60_000).toISOString());
    expect(immediate.every((i) => i.overdue)).toBe(true);
    expect(items.filter((i) => i.phase === "short_term").some((i) => i.overdue)).toBe(false);
    expect(items.map((i) => i.phase)).toEqual(
      [...items.map((i) => i.phase)].sort(
        (a, b) =>
          ["immediate", "short_term", "long_term", "prevention"].indexOf(a) -
          ["immediate", "short_term", "long_term", "prevention"].indexOf(b),
      ),
    );

    const item = immediate[0];
    expect(
      await runAs(responder, () => toggleChecklistItemAction({ incidentId: incident.id, itemId: item.id, done: true })),
    ).toMatchObject({ ok: true });
    // idempotent: the same request again records nothing new
    await runAs(responder, () => toggleChecklistItemAction({ incidentId: incident.id, itemId: item.id, done: "true" }));
    expect(
      await runAs(commander, () =>
        assignChecklistItemAction({ incidentId: incident.id, itemId: item.id, ownerId: responder.id! }),
      ),
    ).toMatchObject({ ok: true });
    const after = (await loadChecklist(incident.id)).find((i) => i.id === item.id)!;
    expect(after).toMatchObject({ overdue: false, doneByName: responder.name, ownerName: responder.name });
    expect((await eventsAfter(incident.id)).map((e) => e.kind)).toEqual(["checklist.done", "checklist.assigned"]);

    // an item of another incident is not found through this one
    const other = await db.incident.create({ data: { title: "other", severity: "P4" } });
    expect(
      await runAs(responder, () => toggleChecklistItemAction({ incidentId: other.id, itemId: item.id, done: false })),
    ).toMatchObject({ ok: false, code: "not_found" });
    const viewer = await userWithRole("viewer");
    expect(
      await runAs(responder, () =>
        assignChecklistItemAction({ incidentId: incident.id, itemId: item.id, ownerId: viewer.id! }),
      ),
    ).toMatchObject({ ok: false, code: "invalid" });
  });

  it("templates are edited per phase and only new incidents get the edit", async () => {
    const admin = await userWithRole("admin");
    const before = await db.incident.create({ data: { title: "before", severity: "P3" } });
    await ensureChecklist(before.id);
    const r = await runAs(admin, () =>
      saveChecklistTemplatesAction({ phase: "prevention", items: "Add an alert\n\n  Write a game day  \n" }),
    );
    expect(r).toMatchObject({ ok: true, data: { count: 2 } });
    const fresh = await db.incident.create({ data: { title: "after", severity: "P3" } });
    await ensureChecklist(fresh.id);
    const freshItems = await loadChecklist(fresh.id);
    expect(freshItems.filter((i) => i.phase === "prevention").map((i) => i.text)).toEqual([
      "Add an alert",
      "Write a game day",
    ]);
    // the other phases are still there
    expect(freshItems.filter((i) => i.phase === "immediate").length).toBeGreaterThan(3);
    expect((await loadChecklist(before.id)).filter((i) => i.phase === "prevention").length).toBeGreaterThan(2);
    expect(
      await runAs(commander, () => saveChecklistTemplatesAction({ phase: "prevention", items: "x" })),
    ).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("metrics and the post-mortem", () => {
  it("records metrics (entered and estimated revenue) and exports them with the timeline", async () => {
    const t0 = new Date("2026-03-04T10:00:00Z");
    const incident = await db.incident.create({
      data: {
        title: "Checkout | 502s",
        severity: "P1",
        declaredAt: t0,
        rollbackStartedAt: new Date("2026-03-04T10:08:00Z"),
        rollbackCompletedAt: new Date("2026-03-04T10:10:00Z"),
      },
    });
    let m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.timeToDecision).toMatchObject({ known: false });
    // Declared by hand with nothing on the timeline: when the impact began is unknown, so is its length.
    expect(m.impactStarted).toBeNull();
    expect(m.userImpact).toMatchObject({ known: false });

    const bad = await runAs(commander, () =>
      updateIncidentMetricsAction({ incidentId: incident.id, detectedAt: "yesterday", revenueMode: "estimated" }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual([
        "baselinePerSec",
        "detectedAt",
        "duringPerSec",
        "valuePerUnit",
      ]);

    const est = await runAs(commander, () =>
      updateIncidentMetricsAction({
        incidentId: incident.id,
        impactStartedAt: "2026-03-04T10:02",
        detectedAt: "2026-03-04T10:04:30",
        decisionAt: "2026-03-04T10:06",
        rootCauseCategory: "database migration",
        dataLoss: "none",
        revenueMode: "estimated",
        baselinePerSec: "5",
        duringPerSec: "1",
        valuePerUnit: "20",
      }),
    );
    // 4 orders/s short × 480 s (10:02 → 10:10) × 20
    expect(est).toMatchObject({ ok: true, data: { revenueImpact: 38400 } });
    m = (await loadIncidentMetrics(incident.id))!.metrics;
    expect(m.timeToDecision).toMatchObject({ known: true, ms: 90_000 });
    expect(m.timeToDetect).toMatchObject({ known: true, ms: 150_000, from: "impact start (entered)" });
    expect(m.userImpact).toMatchObject({ known: true, ms: 8 * 60_000, from: "impact start (entered)" });
    expect(m.revenue).toMatchObject({ known: true, amount: 38400, basis: "estimated" });
    expect(await runAs(responder, () => updateIncidentMetricsAction({ incidentId: incident.id }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });

    const doc = (await postMortemMarkdown(incident.id))!;
    expect(doc.saved).toBe(false);
    expect(doc.markdown).toContain("# Post-mortem: Checkout | 502s");
    expect(doc.markdown).toContain("| Time to roll back | 2 min 00 s (rollback start → rollback completion) |");
    expect(doc.markdown).toContain(
      "| Revenue impact | 38400.00 (estimated: 4.000/s below baseline × 480 s × 20 per unit) |",
    );
    expect(doc.markdown).toMatch(/\| metrics\.updated \| Metrics updated: root cause database migration/);

    expect(await runAs(responder, () => savePostMortemAction({ incidentId: incident.id, body: "  " }))).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(
      await runAs(responder, () =>
        savePostMortemAction({ incidentId: incident.id, body: doc.markdown + "\n- lesson" }),
      ),
    ).toMatchObject({ ok: true });
    const saved = (await postMortemMarkdown(incident.id))!;
    expect(saved).toMatchObject({ saved: true });
    expect(saved.markdown.endsWith("- lesson")).toBe(true);
    expect((await eventsAfter(incident.id)).map((e) => e.kind)).toEqual(["metrics.updated", "postmortem.saved"]);
  });
});
