import { describe, expect, it } from "vitest";
import { describeRollback } from "./state-in-words";

const row = (state: string, createdAt: string, steps: { name: string; state: string }[] = []) => ({
  state,
  strategy: "deployment-undo",
  createdAt,
  steps,
});

describe("describeRollback", () => {
  it("says there is none for an incident without rollbacks", () => {
    expect(describeRollback([])).toEqual({ state: "none", text: "No rollback" });
  });

  it("reads the newest action, whatever order it is given in", () => {
    const old = row("failed", "2026-01-01T00:00:00.000Z");
    const latest = row("succeeded", "2026-01-01T00:05:00.000Z");
    expect(describeRollback([old, latest]).text).toBe("Rollback (deployment-undo) succeeded");
    expect(describeRollback([latest, old]).state).toBe("succeeded");
  });

  it("names the running step by its position and name", () => {
    const steps = [
      { name: "capture", state: "succeeded" },
      { name: "patch", state: "running" },
      { name: "rollout", state: "pending" },
    ];
    expect(describeRollback([row("running", "2026-01-01T00:00:00.000Z", steps)]).text).toBe(
      "Rollback (deployment-undo) running step 2 of 3: patch",
    );
  });

  it("between steps, names the next one not yet started", () => {
    const steps = [
      { name: "capture", state: "succeeded" },
      { name: "patch", state: "pending" },
    ];
    expect(describeRollback([row("running", "2026-01-01T00:00:00.000Z", steps)]).text).toBe(
      "Rollback (deployment-undo) running step 2 of 2: patch",
    );
  });

  it("words planned, awaiting approval and failed", () => {
    expect(describeRollback([row("planned", "2026-01-01T00:00:00.000Z")]).text).toBe(
      "Rollback (deployment-undo) planned, not started",
    );
    expect(describeRollback([row("awaiting_approval", "2026-01-01T00:00:00.000Z")]).text).toBe(
      "Rollback (deployment-undo) awaiting approval",
    );
    expect(describeRollback([row("failed", "2026-01-01T00:00:00.000Z")]).state).toBe("failed");
  });
});
