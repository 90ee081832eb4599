// The change-cause annotation's plan and step, without a cluster (the annotation on real objects:
// change-cause.integration.test.ts).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { StepReport, StrategyContext } from "@/lib/rollback/strategy";
import { CHANGE_CAUSE, annotateChangeCause, changeCauseText, planChangeCause } from "./change-cause";
import type { DeploymentUndoPlan } from "./strategy";

const incident = { id: "inc42", actor: { id: "u1", name: "Cam Commander" } };

function undoPlan(o: Partial<DeploymentUndoPlan> = {}): DeploymentUndoPlan {
  return {
    strategy: "deployment-undo",
    target: "k8s/prod/shop/statefulset/db",
    summary: "Roll back statefulset db. ",
    diff: [{ path: "image app", before: "app:v2", after: "app:v1" }],
    warnings: [],
    params: { deployment: "db", kind: "StatefulSet", toRevision: 0 },
    data: { generation: 3, fromRevision: 2, toRevision: 1, replicaSet: { name: "db-1", uid: "u" }, patch: [] },
    plannedAt: "2026-12-02T00:00:00Z",
    ...o,
  };
}

const on = { incident, workloadUndo: { changeCause: true } };

describe("planChangeCause", () => {
  it("leaves the plan untouched when the setting is off or absent", () => {
    const p = undoPlan();
    expect(planChangeCause({ incident }, p, {})).toBe(p);
    expect(planChangeCause({ incident, workloadUndo: { changeCause: false } }, p, {})).toBe(p);
  });

  it("plans nothing for a no-op undo", () => {
    const p = undoPlan({ noop: "already at revision 1", diff: [] });
    expect(planChangeCause(on, p, {})).toBe(p);
  });

  it("says what it will write: who, which incident, what; marks the plan to annotate", () => {
    const p = planChangeCause(on, undoPlan(), { [CHANGE_CAUSE]: "deploy v2" });
    const text = "rollback by Cam Commander for incident inc42: kubectl rollout undo statefulset/db to revision 1";
    expect(p.diff.at(-1)).toEqual({ path: `annotation ${CHANGE_CAUSE}`, before: "deploy v2", after: text });
    expect(p.summary).toMatch(/Then annotates kubernetes\.io\/change-cause/);
    expect(p.data.changeCause).toBe(true);
    expect(changeCauseText(incident, p)).toBe(text);
  });

  it("replaces the undo's own change-cause line (a Deployment's revision may carry one), keeping its before", () => {
    const undone = { path: `annotation ${CHANGE_CAUSE}`, before: "deploy v2", after: "deploy v1" };
    const p = planChangeCause(on, undoPlan({ diff: [undone] }), { [CHANGE_CAUSE]: "deploy v2" });
    expect(p.diff.filter((d) => d.path === undone.path)).toEqual([
      expect.objectContaining({ before: "deploy v2", after: expect.stringMatching(/^rollback by Cam Commander/) }),
    ]);
  });
});

describe("annotateChangeCause", () => {
  const ctx = { namespace: "shop", incident } as StrategyContext;
  const planned = planChangeCause(on, undoPlan(), {});
  const succeeded = { outcome: "succeeded" as const, message: "rolled back" };

  it("patches the workload's annotation and reports the step", async () => {
    const steps: StepReport[] = [];
    const calls: unknown[][] = [];
    await annotateChangeCause(
      ctx,
      planned,
      (r) => void steps.push(r),
      succeeded,
      async (...a) => {
        calls.push(a.slice(1));
      },
    );
    expect(calls).toEqual([["StatefulSet", "shop", "db", { [CHANGE_CAUSE]: changeCauseText(incident, planned) }]]);
    expect(steps.map((s) => `${s.step}:${s.state}`)).toEqual(["change-cause:running", "change-cause:succeeded"]);
  });

  it("records a failed annotation without failing the rollback", async () => {
    const steps: StepReport[] = [];
    await expect(
      annotateChangeCause(
        ctx,
        planned,
        (r) => void steps.push(r),
        succeeded,
        async () => {
          throw new AppError("forbidden", "the cluster's RBAC forbids patch statefulsets.apps");
        },
      ),
    ).resolves.toBeUndefined();
    expect(steps.at(-1)).toMatchObject({ step: "change-cause", state: "failed" });
    expect(steps.at(-1)!.detail).toMatch(
      /^the rollback succeeded, but annotating kubernetes\.io\/change-cause failed: /,
    );
  });

  it("does nothing for a plan without it, or a skipped undo", async () => {
    const steps: StepReport[] = [];
    const never = async () => {
      throw new Error("must not be called");
    };
    await annotateChangeCause(ctx, undoPlan(), (r) => void steps.push(r), succeeded, never);
    await annotateChangeCause(ctx, planned, (r) => void steps.push(r), { ...succeeded, outcome: "skipped" }, never);
    expect(steps).toEqual([]);
  });

  it("lets what the reporter throws (a lost claim) go up", async () => {
    const lost = new Error("claim lost");
    await expect(
      annotateChangeCause(
        ctx,
        planned,
        () => {
          throw lost;
        },
        succeeded,
        async () => {},
      ),
    ).rejects.toBe(lost);
  });
});
