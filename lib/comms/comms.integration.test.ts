import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { publishNoticeAction } from "@/lib/actions/publish-notice";
import { saveNoticeDraftAction } from "@/lib/actions/save-notice-draft";
import { setUpdateCadenceAction } from "@/lib/actions/set-update-cadence";
import { loadNoticeContext } from "@/lib/comms/context";
import { setDeliveryTuning, settleDeliveries } from "@/lib/comms/deliver";
import { noticeEditorData, previewFrom } from "@/lib/comms/notices";
import { deliverNoticeVersion } from "@/lib/comms/publish";
import { verifySignature } from "@/lib/comms/signing";
import { publicStatus } from "@/lib/comms/status";
import { VARIABLES } from "@/lib/comms/variables";
import { startReceiver } from "@/test/comms/receiver";
import { rowCounts } from "@/test/helpers/db-snapshot";
import { userWithRole } from "@/test/helpers/users";

const SECRET = "integration-secret-0123456789";
/** Tags in HTML that could run something; escaped text (&lt;script&gt;) is not markup. */
function activeMarkup(html: string): string[] {
  return (html.match(/<[^>]+>/g) ?? []).filter((t) =>
    /^<\/?(script|img|iframe|svg|style)|\son\w+=|javascript:/i.test(t),
  );
}

const XSS = `<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> [click](javascript:window.__xss=3)`;

describe("comms: templates, publishing and webhooks", () => {
  let comms: ActingUser;
  let viewer: ActingUser;
  let incidentId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const hookIds: string[] = [];

  beforeAll(async () => {
    comms = await userWithRole("comms");
    viewer = await userWithRole("viewer");
    receiver = await startReceiver(2_000);
    setDeliveryTuning({ attempts: 3, timeoutMs: 300, backoffMs: [50, 50] });
    const service = await db.service.create({ data: { name: `comms-${Date.now()}`, deployments: ["web"] } });
    const t = (m: number) => new Date(Date.UTC(2026, 10, 26, 12, m));
    const incident = await db.incident.create({
      data: {
        title: "Checkout 502s after v2.3.1",
        severity: "P1",
        impact: "30% of orders fail",
        serviceId: service.id,
        impactStartedAt: t(0),
        detectedAt: t(1),
        declaredAt: t(3),
        rollbackStartedAt: t(7),
        warRoomUrl: "https://chat.example/war-room",
        incidentDocUrl: "https://docs.example/inc-1",
      },
    });
    incidentId = incident.id;
    const cam = await userWithRole("commander", "cam");
    await db.rollbackAction.createMany({
      data: [
        {
          incidentId,
          strategy: "feature_flag",
          target: "flag:new-checkout",
          state: "succeeded",
          idempotencyKey: `k1-${incidentId}`,
          requestedBy: "Cam",
          requestedById: cam.id,
          startedAt: t(7),
          finishedAt: t(8),
          createdAt: t(6),
        },
        {
          incidentId,
          strategy: "k8s_undo",
          target: "k8s:default/prod/deployment/web",
          state: "running",
          idempotencyKey: `k2-${incidentId}`,
          requestedBy: "Cam",
          requestedById: cam.id,
          startedAt: t(9),
          createdAt: t(9),
        },
      ],
    });
    const hooks = [
      { name: `ok-${incidentId}`, kind: "generic", url: `${receiver.url}/ok`, secret: SECRET, audience: "customer" },
      {
        name: `flaky-${incidentId}`,
        kind: "generic",
        url: `${receiver.url}/fail-once`,
        secret: SECRET,
        audience: "customer",
      },
      {
        name: `slow-${incidentId}`,
        kind: "generic",
        url: `${receiver.url}/hang`,
        secret: SECRET,
        audience: "customer",
      },
      { name: `slack-${incidentId}`, kind: "slack", url: `${receiver.url}/slack`, secret: null, audience: "customer" },
      {
        name: `team-${incidentId}`,
        kind: "generic",
        url: `${receiver.url}/team`,
        secret: SECRET,
        audience: "internal",
      },
    ] as const;
    for (const h of hooks) hookIds.push((await db.webhook.create({ data: h })).id);
  });

  afterAll(async () => {
    await settleDeliveries();
    setDeliveryTuning(null);
    await db.webhook.deleteMany({ where: { id: { in: hookIds } } }); // shared database: leave no live webhooks
    await receiver.close();
  });

  it("renders every variable from the live incident and its rollback actions", async () => {
    const ctx = (await loadNoticeContext(incidentId))!;
    const all = VARIABLES.map((v) => `${v.name}=[{{${v.name}}}]`).join("\n");
    const p = previewFrom(ctx, "internal", "{{incident.title}}", all, new Date(Date.UTC(2026, 10, 26, 12, 30)));
    expect(p.unknown).toEqual([]);
    expect(p.missing).toEqual([]);
    for (const s of [
      "incident.title=[Checkout 502s after v2.3.1]",
      "incident.severity=[P1]",
      "incident.startedAt=[2026-11-26 12:00 UTC]",
      "incident.detectedAt=[2026-11-26 12:01 UTC]",
      "incident.declaredAt=[2026-11-26 12:03 UTC]",
      "rollback.startedAt=[2026-11-26 12:07 UTC]",
      "rollback.state=[running]",
      "incident.nextUpdateAt=[2026-11-26 12:33 UTC]",
      "notice.lastUpdated=[2026-11-26 12:30 UTC]",
      "https://chat.example/war-room",
      `/incidents/${incidentId}`,
      "<strong>succeeded</strong>: feature_flag on <code>flag:new-checkout</code>",
      "<strong>running</strong>: k8s_undo on <code>k8s:default/prod/deployment/web</code> (started 2026-11-26 12:09 UTC, by Cam)",
    ]) {
      expect(p.html).toContain(s);
    }
    const customer = previewFrom(ctx, "customer", "x", "{{rollback.actions}} {{links.warRoom}}");
    expect(customer.unknown).toEqual(["rollback.actions", "links.warRoom"]);
  });

  it("a fresh incident has a filled draft for both notices before anyone types", async () => {
    const data = (await noticeEditorData(incidentId))!;
    const customer = data.notices.find((n) => n.kind === "customer")!;
    expect(customer.savedAt).toBeNull();
    expect(customer.preview.html).toContain("30% of orders fail");
    expect(customer.preview.unknown).toEqual([]);
    expect(data.notices.find((n) => n.kind === "internal")!.preview.html).toContain("k8s_undo");
  });

  it("a viewer and a signed-out caller cannot publish, save or set the cadence; nothing is written", async () => {
    const before = await rowCounts(inject("databaseUrl"));
    const input = { incidentId, kind: "customer", title: "t", body: "b", updateCadenceMin: "15" };
    for (const who of [viewer, "signed-out"] as const) {
      const actions: ((i: Record<string, unknown>) => Promise<{ ok: boolean; code?: string }>)[] = [
        publishNoticeAction,
        saveNoticeDraftAction,
        setUpdateCadenceAction,
      ];
      for (const action of actions) {
        const r = await runAs(who, () => action(input));
        expect(r.ok).toBe(false);
        expect(r.code).toBe(who === "signed-out" ? "unauthenticated" : "forbidden");
      }
    }
    expect(await rowCounts(inject("databaseUrl"))).toEqual(before);
  });

  it("refuses to publish with unknown variables", async () => {
    const r = await runAs(comms, () =>
      publishNoticeAction({ incidentId, kind: "customer", title: "Update", body: "See {{links.warRoom}}" }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("{{links.warRoom}}");
  });

  it("publishing records a version and delivers: signed, retried after a 500, timeouts recorded, once each", async () => {
    const started = Date.now();
    const r = await runAs(comms, () =>
      publishNoticeAction({
        incidentId,
        kind: "customer",
        title: "Service Disruption Notice: {{incident.service}}",
        body: `**Impact:** {{incident.impact}}\n\n${XSS}`,
      }),
    );
    expect(r.ok).toBe(true);
    expect(Date.now() - started, "publishing waits for no webhook").toBeLessThan(1_000);
    if (!r.ok) return;
    await settleDeliveries();

    const [ok] = receiver.on("/ok");
    expect(
      verifySignature({
        secret: SECRET,
        rawBody: ok.body,
        timestamp: ok.headers["x-rcc-timestamp"] as string,
        signature: ok.headers["x-rcc-signature"] as string,
      }),
    ).toBe(true);
    expect(
      verifySignature({
        secret: "wrong-secret-0123456789",
        rawBody: ok.body,
        timestamp: ok.headers["x-rcc-timestamp"] as string,
        signature: ok.headers["x-rcc-signature"] as string,
      }),
    ).toBe(false);
    expect(ok.body).not.toMatch(/[<>]/);
    const payload = JSON.parse(ok.body);
    expect(payload).toMatchObject({
      event: "notice.published",
      id: r.data.versionId,
      notice: { kind: "customer", version: 1 },
    });
    expect(payload.incident).toBeUndefined(); // customer audiences never learn the internal incident
    expect(activeMarkup(payload.html)).toEqual([]);

    expect(receiver.on("/fail-once")).toHaveLength(2);
    expect(receiver.on("/hang")).toHaveLength(3);
    expect(receiver.on("/slack")).toHaveLength(1);
    expect(JSON.parse(receiver.on("/slack")[0].body).text).not.toMatch(/<(script|img)/);
    expect(receiver.on("/team"), "internal webhooks get no customer notice").toHaveLength(0);

    const events = await db.timelineEvent.findMany({
      where: { incidentId, kind: { startsWith: "comms.webhook" } },
      orderBy: { id: "asc" },
    });
    const byHook = (name: string) =>
      events.filter((e) => (e.payload as { webhook?: string }).webhook === `${name}-${incidentId}`).map((e) => e.kind);
    expect(byHook("ok")).toEqual(["comms.webhook.delivered"]);
    expect(byHook("flaky")).toEqual(["comms.webhook.retry", "comms.webhook.delivered"]);
    expect(byHook("slow")).toEqual(["comms.webhook.retry", "comms.webhook.retry", "comms.webhook.failed"]);
    const failed = events.find((e) => e.kind === "comms.webhook.failed")!;
    expect(failed.message).toContain("timed out after 300 ms");
    expect(await db.timelineEvent.count({ where: { incidentId, kind: "notice.published" } })).toBe(1);

    // A second delivery run of the same version sends nothing.
    const again = await deliverNoticeVersion(r.data.versionId);
    expect(again.map((d) => d.state)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    expect(receiver.on("/ok")).toHaveLength(1);
  });

  it("the second publish is v2 with a diff; the public status shows customer text only", async () => {
    await runAs(comms, () =>
      publishNoticeAction({
        incidentId,
        kind: "internal",
        title: "PRODUCTION ROLLBACK IN PROGRESS",
        body: "INTERNAL-ONLY-MARKER {{links.warRoom}}",
      }),
    );
    const r = await runAs(comms, () =>
      publishNoticeAction({
        incidentId,
        kind: "customer",
        title: "Update 2",
        body: "A fix is rolling out. CUSTOMER-MARKER",
      }),
    );
    expect(r.ok && r.data.version).toBe(2);
    await settleDeliveries();
    expect(receiver.on("/team")).toHaveLength(1);
    const customer = (await noticeEditorData(incidentId))!.notices.find((n) => n.kind === "customer")!;
    expect(customer.versions[0]).toMatchObject({ version: 2, title: "Update 2" });
    expect(customer.versions[0].diff.some((l) => l.op === "add" && l.text.includes("CUSTOMER-MARKER"))).toBe(true);
    expect(customer.versions[0].removed).toBeGreaterThan(0);

    const published = await publicStatus();
    // Started = when impact started (12:00), not when the rule fired (12:01) or it was declared.
    expect(published.current.find((i) => i.title === "Update 2")?.startedAt).toBe("2026-11-26T12:00:00.000Z");
    const status = JSON.stringify(published);
    expect(status).toContain("CUSTOMER-MARKER");
    expect(status).not.toContain("INTERNAL-ONLY-MARKER");
    expect(status).not.toContain("Checkout 502s"); // the incident's internal title
    expect(status).not.toContain(incidentId);
  });
});
