import { describe, expect, it } from "vitest";
import { highlights } from "./highlights";

const at = "2026-11-26T14:05:09.000Z";
const row = (id: string, kind: string, payload: unknown, message = "internal words") => ({
  id,
  kind,
  actor: "Cam Commander",
  message,
  payload,
  createdAt: at,
});
const run = { actionId: "a1", strategy: "deployment-undo", target: "k8s:default/shop/deployment/web" };

describe("highlights", () => {
  it("keeps the key events, worded from their payloads", () => {
    const rows = [
      row("1", "incident.declared", { severity: "P1", serviceId: null, source: "manual" }),
      row("2", "note", {}, "DB password is in the vault at …"),
      row("3", "incident.status", { from: "investigating", to: "identified" }),
      row("4", "rollback.started", { actionId: "a1", target: run.target }),
      row("5", "rollback.step", { ...run, step: "patch", state: "running" }, "kubectl output …"),
      row("6", "rollback.failed", { ...run, error: "SELECT * FROM secrets", code: "failed" }, "SELECT * FROM secrets"),
      row("7", "verify.failed", {
        runId: "r",
        passed: false,
        failed: ["error_rate"],
        counts: { passed: 3, failed: 1 },
      }),
      row("8", "notice.published", {
        kind: "customer",
        version: 2,
        noticeVersionId: "v",
        added: 1,
        removed: 0,
        missing: [],
      }),
    ];
    expect(highlights(rows).map((h) => [h.id, h.text])).toEqual([
      ["1", "Incident declared (P1) by Cam Commander"],
      ["3", "Status investigating → identified by Cam Commander"],
      ["4", "Rollback started by Cam Commander"],
      ["6", "Rollback failed"],
      ["7", "Verification failed (1 of 4 checks not green)"],
      ["8", "Customer notice update 2 published by Cam Commander"],
    ]);
  });

  it("never passes on a stored message or an error's text", () => {
    const rows = [
      row("6", "rollback.failed", { ...run, error: "password=hunter2", code: "failed" }, "password=hunter2"),
      row("9", "incident.status", { nonsense: true }, "password=hunter2"),
    ];
    expect(JSON.stringify(highlights(rows))).not.toContain("hunter2");
  });
});
