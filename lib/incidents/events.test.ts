import { describe, expect, it } from "vitest";
import {
  DEPLOY_KINDS,
  EVENTS,
  EventPayloadError,
  eventKinds,
  isEventKind,
  isKind,
  parseEvent,
  validatePayload,
} from "@/lib/incidents/events";

const row = (kind: string, payload: unknown) => ({
  id: "7",
  kind,
  message: "m",
  payload,
  createdAt: "2026-03-04T10:00:00.000Z",
});

describe("the event catalog", () => {
  it("a known kind with its payload validates", () => {
    const payload = {
      actionId: "a1",
      strategy: "deployment-undo",
      target: "k8s/prod/shop/deployment/web",
      error: "rollout timed out",
      code: "timeout",
    };
    expect(validatePayload("rollback.failed", payload)).toEqual(payload);
    expect(validatePayload("note", undefined)).toEqual({});
    const detection = {
      rule: "errorRate",
      query: "sum(x)",
      value: 0.3,
      threshold: 0.05,
      comparator: ">",
      unit: "ratio",
      breachSince: null,
      source: "auto-trigger",
    };
    // A detection's extra keys (labels, baseline...) are kept.
    expect(validatePayload("trigger.fired", { ...detection, labels: { a: "b" } })).toEqual({
      ...detection,
      labels: { a: "b" },
    });
  });

  it("refuses a payload that does not fit its kind, saying where", () => {
    expect(() => validatePayload("rollback.started", { actionId: "a1" })).toThrow(EventPayloadError);
    expect(() => validatePayload("rollback.started", { actionId: "a1" })).toThrow(
      /"rollback\.started" refused: target:/,
    );
    expect(() =>
      validatePayload("deploy.finished", {
        deployedAt: "yesterday",
        image: "i",
        deployment: "d",
        namespace: "n",
        source: "s",
      }),
    ).toThrow(/deployedAt/);
    expect(() => validatePayload("incident.status", { from: "investigating", to: "fixed" })).toThrow(/to:/);
  });

  it("refuses a kind that is not in the catalog", () => {
    // @ts-expect-error: the compiler refuses it first
    expect(() => validatePayload("deploy.started", {})).toThrow(/not a kind/);
  });

  it("narrows a stored row by its kind, keeping the row's other fields", () => {
    const e = parseEvent(
      row("deploy.finished", {
        deployedAt: "2026-03-04T09:55:00.000Z",
        image: "shop:v2",
        deployment: "web",
        namespace: "shop",
        source: "sandbox",
      }),
    );
    expect(e.kind).toBe("deploy.finished");
    if (e.kind !== "deploy.finished") throw new Error("not narrowed");
    expect(Date.parse(e.payload.deployedAt)).toBe(Date.parse("2026-03-04T09:55:00Z"));
    expect(e).toMatchObject({ id: "7", message: "m", createdAt: "2026-03-04T10:00:00.000Z" });
  });

  it("an old row with a kind not in the catalog still parses, as the unknown variant", () => {
    const e = parseEvent(row("rollback.finished", { whatever: 1 }));
    expect(e).toMatchObject({
      kind: "unknown",
      rawKind: "rollback.finished",
      payload: { whatever: 1 },
      id: "7",
      message: "m",
    });
    if (e.kind === "unknown") expect(e.problem).toMatch(/not in the event catalog/);
  });

  it("a known kind whose payload does not fit is unknown too, with the reason", () => {
    const e = parseEvent(row("verify.check", { runId: "r1" }));
    expect(e).toMatchObject({ kind: "unknown", rawKind: "verify.check", payload: { runId: "r1" } });
    if (e.kind === "unknown") expect(e.problem).toMatch(/does not fit "verify\.check"/);
    expect(parseEvent(row("note", null)).kind).toBe("note");
  });

  it("families and kind checks only name catalogued kinds", () => {
    expect(eventKinds("verify")).toEqual(["verify.started", "verify.check", "verify.passed", "verify.failed"]);
    expect(DEPLOY_KINDS).toEqual(["deploy.finished"]);
    expect(isKind("verify.passed", "verify.passed", "verify.failed")).toBe(true);
    expect(isKind("verify.check", "verify.passed", "verify.failed")).toBe(false);
    expect(isEventKind("constructor")).toBe(false);
    // "unknown" is the fallback variant's kind, so it can never be a real one.
    expect(isEventKind("unknown")).toBe(false);
    for (const kind of Object.keys(EVENTS)) expect(kind).toMatch(/^[a-z_]+(\.[a-z_]+)*$/);
  });
});
