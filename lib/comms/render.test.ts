import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "@/lib/comms/default-templates";
import { NOT_SET, fillTemplate, fillTitle, variablesIn } from "@/lib/comms/render";
import { VARIABLES, formatUtc, nextUpdateDue, variableValues, type NoticeContext } from "@/lib/comms/variables";

const t0 = new Date("2026-11-26T12:00:00Z");
const ctx = (over: Partial<NoticeContext["incident"]> = {}, actions: NoticeContext["actions"] = []): NoticeContext => ({
  incident: {
    id: "inc1",
    title: "Checkout 502s",
    severity: "P1",
    status: "identified",
    impact: "Orders fail for 30% of users",
    serviceName: "checkout",
    updateCadenceMin: 30,
    impactStartedAt: null,
    detectedAt: new Date("2026-11-26T11:52:00Z"),
    declaredAt: new Date("2026-11-26T11:55:00Z"),
    rollbackStartedAt: null,
    rollbackCompletedAt: null,
    resolvedAt: null,
    warRoomUrl: "https://chat.example/war-room",
    incidentDocUrl: null,
    ...over,
  },
  actions,
  lastCustomerUpdateAt: null,
  baseUrl: "https://rcc.example",
});

describe("fillTemplate", () => {
  it("fills every variable of the catalog", () => {
    const values = variableValues(
      ctx({}, [
        {
          strategy: "k8s_undo",
          target: "k8s:prod/web",
          state: "running",
          requestedBy: "Cam",
          error: null,
          startedAt: t0,
          finishedAt: null,
          createdAt: t0,
        },
      ]),
      t0,
    );
    for (const v of VARIABLES) expect(Object.keys(values)).toContain(v.name);
    const all = VARIABLES.map((v) => `{{${v.name}}}`).join("\n");
    const r = fillTemplate(all, values, "internal");
    expect(r.unknown).toEqual([]);
    expect(r.missing).toEqual(["links.incidentDoc"]);
    expect(r.text).toContain("2026-11-26 11:52 UTC");
    expect(r.text).toContain("- **running**: k8s_undo on `k8s:prod/web` (started 2026-11-26 12:00 UTC, by Cam)");
    expect(r.text).toContain(NOT_SET);
    expect(r.text).toContain("https://rcc.example/incidents/inc1");
  });

  it("reports unknown variables and keeps them visible instead of blanking them", () => {
    const r = fillTemplate("Hello {{incident.titel}} and {{ incident.title }}", variableValues(ctx(), t0), "customer");
    expect(r.unknown).toEqual(["incident.titel"]);
    expect(r.text).toBe("Hello {{incident.titel}} and Checkout 502s");
  });

  it("refuses internal-only variables in customer notices", () => {
    const r = fillTemplate("{{rollback.actions}} {{links.warRoom}}", variableValues(ctx(), t0), "customer");
    expect(r.unknown).toEqual(["rollback.actions", "links.warRoom"]);
  });

  it("never expands a value a second time", () => {
    const r = fillTemplate("{{incident.title}}", variableValues(ctx({ title: "{{incident.impact}}" }), t0), "internal");
    expect(r.text).toBe("{{incident.impact}}");
    expect(r.unknown).toEqual([]);
  });

  it("makes titles one line", () => {
    expect(fillTitle("A {{incident.impact}}", variableValues(ctx({ impact: "x\ny" }), t0), "customer").text).toBe(
      "A x y",
    );
  });

  it("the default templates use only variables of their kind", () => {
    for (const t of Object.values(DEFAULT_TEMPLATES)) {
      const r = fillTemplate(
        `${t.title}\n${t.body}`,
        variableValues(ctx({ incidentDocUrl: "https://doc" }), t0),
        t.kind,
      );
      expect(r.unknown, t.name).toEqual([]);
      expect(variablesIn(t.body).length).toBeGreaterThan(3);
    }
  });
});

describe("the customer notice's Started line", () => {
  const started = (over: Partial<NoticeContext["incident"]>) => {
    const t = DEFAULT_TEMPLATES.customer;
    const body = fillTemplate(t.body, variableValues(ctx(over), t0), "customer").text;
    return /\*\*Started:\*\* (.*)/.exec(body)?.[1];
  };
  it("is when impact started (the culprit change or first breach), not when the rule fired", () => {
    expect(started({ impactStartedAt: new Date("2026-11-26T11:40:00Z") })).toBe("2026-11-26 11:40 UTC");
  });
  it("falls back to detection, then to the declaration", () => {
    expect(started({})).toBe("2026-11-26 11:52 UTC");
    expect(started({ detectedAt: null })).toBe("2026-11-26 11:55 UTC");
  });
});

describe("cadence and times", () => {
  it("formats UTC and computes the next update from the last one", () => {
    expect(formatUtc(t0)).toBe("2026-11-26 12:00 UTC");
    expect(nextUpdateDue(ctx()).toISOString()).toBe("2026-11-26T12:25:00.000Z");
    expect(nextUpdateDue({ ...ctx(), lastCustomerUpdateAt: t0 }).toISOString()).toBe("2026-11-26T12:30:00.000Z");
  });
});
