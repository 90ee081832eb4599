import { describe, expect, it } from "vitest";
import { checkViews, foldRun } from "./run-state";

const ev = (id: number, kind: string, payload: object) => ({
  id: String(id),
  kind,
  payload,
  createdAt: "2026-01-01T00:00:00.000Z",
});
const planned = [
  { key: "pods", kind: "pods", name: "Pods" },
  { key: "error_rate", kind: "error_rate", name: "Error rate" },
];

describe("foldRun", () => {
  it("shows pending checks, then results as they land, then the outcome", () => {
    const started = ev(1, "verify.started", { runId: "r1", checks: planned });
    let s = foldRun([started])!;
    expect(checkViews(s).map((c) => c.status)).toEqual(["pending", "pending"]);
    expect(s.outcome).toBe("running");
    s = foldRun([
      started,
      ev(2, "verify.check", { runId: "r1", key: "error_rate", status: "unknown", reason: "no data" }),
    ])!;
    expect(checkViews(s).map((c) => c.status)).toEqual(["pending", "unknown"]);
    s = foldRun([
      started,
      ev(2, "verify.check", { runId: "r1", key: "pods", status: "passed" }),
      ev(3, "verify.failed", { runId: "r1" }),
    ])!;
    expect(s.outcome).toBe("failed");
  });
  it("a newer run replaces the old one; stray events of other runs are ignored", () => {
    const s = foldRun([
      ev(1, "verify.started", { runId: "r1", checks: planned }),
      ev(2, "verify.passed", { runId: "r1" }),
      ev(3, "verify.started", { runId: "r2", checks: planned.slice(0, 1) }),
      ev(4, "verify.check", { runId: "r1", key: "pods", status: "failed" }),
      ev(5, "note", {}),
    ])!;
    expect(s.runId).toBe("r2");
    expect(s.outcome).toBe("running");
    expect(checkViews(s)).toEqual([{ ...planned[0], status: "pending", result: undefined }]);
    expect(foldRun([ev(1, "verify.check", { runId: "x" })])).toBeNull();
  });
});
