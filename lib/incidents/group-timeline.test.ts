import { describe, expect, it } from "vitest";
import {
  appendToTimeline,
  EMPTY_TIMELINE,
  groupTimeline,
  percentDone,
  type RollbackEntry,
  type TimelineEntry,
  type VerificationEntry,
} from "@/lib/incidents/group-timeline";
import type { TimelineEventView } from "@/lib/incidents/timeline";

let nextId = 1;
function ev(kind: string, payload: unknown = {}, message = kind): TimelineEventView {
  const id = nextId++;
  return {
    id: String(id),
    incidentId: "inc",
    kind,
    actor: "Cam Commander",
    message,
    payload,
    createdAt: new Date(Date.UTC(2026, 2, 4, 10, 0, id)).toISOString(),
  };
}

const ref = (actionId: string) => ({ actionId, strategy: "deployment-undo", target: "web", runner: "r1", claim: 1 });
const progress = (actionId: string, updated: number, available: number) =>
  ev("rollback.progress", {
    ...ref(actionId),
    step: "rollout",
    progress: { desired: 3, updated, ready: available, available },
  });

/** One rollback as the lifecycle and runner record it: about fifteen rows. */
function rollbackRun(actionId: string): TimelineEventView[] {
  return [
    ev(
      "rollback.planned",
      { actionId, diff: [], dryRun: { ok: true, message: "ok" } },
      "Planned deployment-undo for web",
    ),
    ev("rollback.started", { actionId, target: "web" }),
    ev("rollback.running", ref(actionId)),
    ev("rollback.step", { ...ref(actionId), step: "patch", state: "running" }),
    ev("rollback.step", { ...ref(actionId), step: "patch", state: "succeeded" }),
    progress(actionId, 1, 0),
    progress(actionId, 2, 1),
    progress(actionId, 3, 2),
    progress(actionId, 3, 3),
    ev("rollback.capture", { ...ref(actionId), errors: [] }),
    ev("rollback.check", { ...ref(actionId), check: "image", ok: true }),
    ev("rollback.succeeded", { ...ref(actionId), outcome: "succeeded" }, "rolled back to revision 1"),
  ];
}

const rollbacks = (entries: TimelineEntry[]) => entries.filter((e): e is RollbackEntry => e.type === "rollback");
const allIds = (entries: TimelineEntry[]) => entries.flatMap((e) => e.events.map((x) => x.id));

describe("groupTimeline", () => {
  it("makes one rollback run ONE entry with its title, state, steps and latest progress", () => {
    const note = ev("note", {}, "checkout 502s");
    const events = [note, ...rollbackRun("a1")];
    const { entries } = groupTimeline(events);
    expect(entries.map((e) => e.type)).toEqual(["event", "rollback"]);
    const [r] = rollbacks(entries);
    expect(r).toMatchObject({
      actionId: "a1",
      strategy: "deployment-undo",
      target: "web",
      state: "succeeded",
      progress: { desired: 3, updated: 3, available: 3 },
      checks: [{ name: "image", ok: true }],
    });
    // The rollout step's last record was progress; the run's success ends it.
    expect(r.steps.map((s) => [s.name, s.state])).toEqual([
      ["patch", "succeeded"],
      ["rollout", "succeeded"],
    ]);
    expect(r.events).toHaveLength(12);
    expect(percentDone(r)).toBe(100);
  });

  it("grows one event at a time: the entry stays where it began and its progress moves", () => {
    const run = rollbackRun("a1");
    let t = EMPTY_TIMELINE;
    const seen: [string, number][] = [];
    for (const e of run.slice(0, 9)) {
      t = appendToTimeline(t, e);
      const [r] = rollbacks(t.entries);
      seen.push([r.state, percentDone(r)]);
    }
    expect(t.entries).toHaveLength(1);
    expect(seen.map(([s]) => s)).toEqual([
      "planned",
      "running",
      "running",
      "running",
      "running",
      "running",
      "running",
      "running",
      "running",
    ]);
    expect(seen.slice(5).map(([, pct]) => pct)).toEqual([0, 33, 67, 100]);
    const before = t;
    const after = appendToTimeline(t, ev("note"));
    expect(before.entries).toHaveLength(1); // the old timeline is not changed
    expect(after.entries.map((e) => e.type)).toEqual(["rollback", "event"]);
  });

  it("keeps every event, in arrival order, in exactly one entry", () => {
    const events = [
      ev("incident.declared", { severity: "SEV2", serviceId: null, source: "manual" }),
      ...rollbackRun("a1").slice(0, 6),
      ev("note"),
      ev("verify.started", { runId: "v1", serviceId: "s", expected: {}, checks: [] }),
      ...rollbackRun("a1").slice(6),
      ev("verify.passed", { runId: "v1", passed: true, failed: [], counts: {} }),
      ev("rollback.finished", { actionId: "a1" }), // a kind that left the catalog: its own row
      ev("rollback.step", { actionId: "a1" }), // a payload that does not fit its kind: its own row
    ];
    const { entries } = groupTimeline(events);
    const ids = allIds(entries);
    expect([...ids].sort((a, b) => Number(a) - Number(b))).toEqual(events.map((e) => e.id));
    expect(new Set(ids).size).toBe(events.length);
    expect(entries.map((e) => e.type)).toEqual(["event", "rollback", "event", "verification", "event", "event"]);
  });

  it("keeps two rollback runs apart by their action", () => {
    const { entries } = groupTimeline([...rollbackRun("a1"), ...rollbackRun("a2").slice(0, 4)]);
    expect(rollbacks(entries).map((r) => [r.actionId, r.state])).toEqual([
      ["a1", "succeeded"],
      ["a2", "running"],
    ]);
  });

  it("says awaiting approval, then running once approved", () => {
    const t1 = groupTimeline([
      ev("rollback.planned", { actionId: "a", diff: [], dryRun: null }),
      ev("rollback.awaiting_approval", { actionId: "a", target: "web" }),
    ]);
    expect(rollbacks(t1.entries)[0]).toMatchObject({ state: "awaiting_approval", target: "web" });
    const t2 = appendToTimeline(
      appendToTimeline(t1, ev("rollback.approved", { actionId: "a" })),
      ev("rollback.started", { actionId: "a", target: "web" }),
    );
    expect(rollbacks(t2.entries)[0].state).toBe("running");
  });

  it("cancels a planned rollback at once, and a running one only when its runner stops", () => {
    const planned = groupTimeline([
      ev("rollback.planned", { actionId: "a", diff: [], dryRun: null }),
      ev("rollback.cancel_requested", { actionId: "a" }),
    ]);
    expect(rollbacks(planned.entries)[0].state).toBe("cancelled");

    const running = groupTimeline([
      ...rollbackRun("b").slice(0, 6),
      ev("rollback.cancel_requested", { actionId: "b" }),
    ]);
    expect(rollbacks(running.entries)[0]).toMatchObject({ state: "running", cancelRequested: true });
    const stopped = appendToTimeline(running, ev("rollback.cancelled", ref("b")));
    const [r] = rollbacks(stopped.entries);
    expect(r.state).toBe("cancelled");
    expect(r.steps.map((s) => [s.name, s.state])).toEqual([
      ["patch", "succeeded"],
      ["rollout", "cancelled"],
    ]);
  });

  it("marks a failed run and the step it failed in", () => {
    const { entries } = groupTimeline([
      ...rollbackRun("a").slice(0, 4),
      ev("rollback.step", { ...ref("a"), step: "patch", state: "failed" }),
      ev("rollback.failed", { ...ref("a"), error: "forbidden", code: "forbidden" }),
    ]);
    const [r] = rollbacks(entries);
    expect(r.state).toBe("failed");
    expect(r.steps).toEqual([{ name: "patch", state: "failed", progress: null }]);
    expect(percentDone(r)).toBe(0);
  });

  it("says when a run had nothing to roll back", () => {
    const { entries } = groupTimeline([
      ev("rollback.running", ref("a")),
      ev("rollback.skipped", { ...ref("a"), outcome: "skipped" }),
    ]);
    expect(rollbacks(entries)[0]).toMatchObject({ state: "succeeded", nothingToDo: true });
  });

  it("makes one verification run one entry with its checks", () => {
    const checks = [
      { key: "pods", kind: "pods", name: "Pods" },
      { key: "smoke", kind: "smoke", name: "Smoke" },
    ];
    const check = (key: string, status: string) =>
      ev("verify.check", { runId: "v1", key, kind: key, name: key, status, durationMs: 5, reason: null });
    const { entries } = groupTimeline([
      ev("verify.started", { runId: "v1", serviceId: "s", expected: {}, checks }),
      check("pods", "passed"),
      check("smoke", "failed"),
      ev("verify.failed", { runId: "v1", passed: false, failed: ["smoke"], counts: {} }),
      ev("verify.started", { runId: "v2", serviceId: "s", expected: {}, checks }),
    ]);
    const runs = entries.filter((e): e is VerificationEntry => e.type === "verification");
    expect(runs.map((r) => [r.runId, r.run?.outcome, r.events.length])).toEqual([
      ["v1", "failed", 4],
      ["v2", "running", 1],
    ]);
    expect(Object.keys(runs[0].run!.results)).toEqual(["pods", "smoke"]);
  });
});
