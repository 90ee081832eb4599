import { describe, expect, it } from "vitest";
import { buildPostMortem, cell, type PostMortemData } from "./document";
import { computeMetrics, NO_IMPACT_START } from "./metrics";

const T = (hhmm: string) => new Date(`2026-03-04T${hhmm}:00Z`);
const data: PostMortemData = {
  incident: {
    id: "i1",
    title: "Checkout 5xx",
    severity: "P1",
    status: "monitoring",
    impact: "Orders failed for 11 minutes.",
    service: "checkout",
    declaredAt: T("10:05"),
    declaredBy: "Cam",
    resolvedAt: null,
  },
  metrics: computeMetrics({
    declaredAt: T("10:05"),
    impactStartedAt: null,
    detectedAt: T("10:05"),
    decisionAt: T("10:07"),
    rollbackStartedAt: T("10:08"),
    rollbackCompletedAt: T("10:11"),
    resolvedAt: null,
    dataLoss: null,
    revenueImpact: null,
    rootCauseCategory: "code change",
    events: [],
  }),
  events: [
    { createdAt: T("10:05"), actor: "Cam", kind: "incident.declared", message: "Declared P1: Checkout 5xx" },
    { createdAt: T("10:06"), actor: "Rae", kind: "note", message: "502s | from\nthe new build" },
  ],
  actions: [
    {
      strategy: "k8s_undo",
      target: "k8s/prod/shop/deployment/web",
      state: "succeeded",
      requestedBy: "Cam",
      startedAt: T("10:08"),
      finishedAt: T("10:11"),
      error: null,
      outcome: "rolled back to revision 4",
    },
  ],
  artifacts: [{ name: "web-before.yaml", kind: "deployment", size: 1234, createdAt: T("10:08") }],
  checklist: [
    { phase: "immediate", text: "Roll back", doneAt: T("10:11"), owner: "Cam" },
    { phase: "prevention", text: "Add a smoke test", doneAt: null, owner: null },
  ],
  verifications: [{ at: T("10:12"), passed: true, message: "Verification passed: 5 checks green" }],
};

describe("buildPostMortem", () => {
  const md = buildPostMortem(data);
  it("has the summary, metrics, timeline, actions, artifacts, checklist and lessons", () => {
    for (const h of [
      "# Post-mortem: Checkout 5xx",
      "## Summary",
      "## Impact and metrics",
      "## Timeline",
      "## Actions taken and their results",
      "## Artifacts",
      "## Checklist",
      "## Lessons and action items",
    ]) {
      expect(md).toContain(h);
    }
    expect(md).toContain("Orders failed for 11 minutes.");
    expect(md).toContain("| Time to decision | 2 min 00 s (detection → the decision) |");
    expect(md).toContain("| Time to roll back | 3 min 00 s (rollback start → rollback completion) |");
    expect(md).toContain(`| Time to detect | unknown — ${NO_IMPACT_START} |`);
    expect(md).toContain("| Impact started | unknown |");
    expect(md).toContain("| Detected | 2026-03-04 10:05:00 UTC (detection) |");
    expect(md).toContain("| 10:06:00 | Rae | note | 502s \\| from the new build |");
    expect(md).toContain(
      "| k8s_undo | k8s/prod/shop/deployment/web | Cam | 2026-03-04 10:08 UTC | 2026-03-04 10:11 UTC | succeeded: rolled back to revision 4 |",
    );
    expect(md).toContain("- web-before.yaml (deployment, 1234 bytes, 2026-03-04 10:08 UTC)");
    expect(md).toContain("- ✅ Roll back (done 2026-03-04 10:11 UTC, owner Cam)");
    expect(md).toContain("- ⬜ Add a smoke test");
    expect(md).toContain("Category: code change.");
  });
  it("keeps table cells on one line with pipes escaped", () => {
    expect(cell("a|b\nc")).toBe("a\\|b c");
    expect(cell("")).toBe(" ");
  });
});
