// The Alertmanager webhook route against the real database: bearer token, validation, policy.
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { eventsAfter } from "@/lib/incidents/timeline";
import { POST } from "@/app/api/alerts/alertmanager/route";

// Before the imports: lib/env reads (and caches) the environment on first use.
const TOKEN = vi.hoisted(() => (process.env.ALERTMANAGER_WEBHOOK_TOKEN = "am-test-token-0123456789"));
const run = Date.now().toString(36);

function payload(
  service: string,
  status: "firing" | "resolved",
  extra: { labels?: Record<string, string>; startsAt?: string } = {},
) {
  const startsAt = extra.startsAt ?? new Date(Date.now() - 90_000).toISOString();
  return {
    version: "4",
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    status,
    receiver: "rcc",
    groupLabels: { alertname: "HighErrorRate" },
    commonLabels: { alertname: "HighErrorRate", severity: "critical" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.local:9093",
    alerts: [
      {
        status,
        labels: { alertname: "HighErrorRate", service, severity: "critical", ...extra.labels },
        annotations: { summary: "Error rate above 5 %", value: "0.31", threshold: "0.05" },
        startsAt,
        endsAt: status === "resolved" ? new Date().toISOString() : "0001-01-01T00:00:00Z",
        generatorURL: `http://prometheus.local:9090/graph?g0.expr=${encodeURIComponent(`job:errors:ratio{service="${service}"} > 0.05`)}&g0.tab=1`,
        fingerprint: `fp-${service}`,
      },
    ],
  };
}

const post = (body: unknown, token: string | null = TOKEN) =>
  POST(
    new Request("http://localhost/api/alerts/alertmanager", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

describe("POST /api/alerts/alertmanager", () => {
  it("refuses a missing or wrong token with 401 and writes nothing", async () => {
    const svc = await db.service.create({ data: { name: `am-deny-${run}`, triggerPolicy: "notify" } });
    for (const token of [null, "wrong-token", `${TOKEN}x`]) {
      const res = await post(payload(svc.name, "firing"), token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(await db.incident.count({ where: { serviceId: svc.id } })).toBe(0);
  });

  it("refuses a body that is not an Alertmanager v4 payload", async () => {
    expect((await post("{not json")).status).toBe(400);
    const res = await post({ version: "3", status: "firing", alerts: [] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/Alertmanager v4/);
  });

  it("a firing alert opens an incident once (re-sends are no-ops); resolved goes on its timeline", async () => {
    const svc = await db.service.create({ data: { name: `am-open-${run}`, triggerPolicy: "notify" } });
    const body = payload(svc.name, "firing");
    const sentAt = Date.now();
    const res = await post(body);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.results[0]).toMatchObject({ service: svc.name, outcome: "opened (notify)" });
    const incident = await db.incident.findFirstOrThrow({ where: { serviceId: svc.id } });
    expect(incident).toMatchObject({ source: "alertmanager", severity: "P1" });
    // Impact started when Prometheus first saw the breach; detected when the alert arrived here.
    expect(incident.impactStartedAt!.toISOString()).toBe(body.alerts[0].startsAt);
    expect(incident.detectedAt!.getTime()).toBeGreaterThanOrEqual(sentAt);
    expect(incident.detectedAt!.getTime()).toBeLessThanOrEqual(Date.now());

    expect((await (await post(body)).json()).results[0].outcome).toBe("duplicate");
    expect(await db.incident.count({ where: { serviceId: svc.id } })).toBe(1);

    await post(payload(svc.name, "resolved", { startsAt: body.alerts[0].startsAt }));
    const events = await eventsAfter(incident.id);
    expect(events.filter((e) => e.kind === "trigger.fired")).toHaveLength(1);
    const fired = events.find((e) => e.kind === "trigger.fired")!;
    expect(fired.payload).toMatchObject({
      rule: "HighErrorRate",
      value: 0.31,
      threshold: 0.05,
      query: `job:errors:ratio{service="${svc.name}"} > 0.05`,
    });
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["incident.declared", "trigger.rollback_proposed", "trigger.resolved"]),
    );
  });

  it("follows the service's policy and the alert's source label; unknown services are reported, not created", async () => {
    const off = await db.service.create({ data: { name: `am-off-${run}`, triggerPolicy: "off" } });
    const sec = await db.service.create({ data: { name: `am-sec-${run}`, triggerPolicy: "notify" } });
    const r1 = await (await post(payload(off.name, "firing"))).json();
    expect(r1.results[0].outcome).toBe("policy off");
    expect(await db.incident.count({ where: { serviceId: off.id } })).toBe(0);
    await post(payload(sec.name, "firing", { labels: { rcc_source: "security_breach" } }));
    expect(await db.incident.findFirstOrThrow({ where: { serviceId: sec.id } })).toMatchObject({
      source: "security_breach",
    });
    const r2 = await (await post(payload(`no-such-${run}`, "firing"))).json();
    expect(r2.results[0].outcome).toBe("ignored: unknown service");
  });
});
