// The settings checks' answers → what the editor shows beside each field (pure, unit-tested).
import type { ClusterAccessReport } from "@/lib/services/checks/check-cluster-access";
import type { PromqlPreview } from "@/lib/services/checks/preview-promql";
import type { UrlProbe } from "@/lib/services/checks/probe-url";
import type { CheckOutcome } from "./editor-types";

const fmt = (v: number | null) => (v === null ? "no value" : String(Number(v.toPrecision(6))));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function promqlCheck(p: PromqlPreview): CheckOutcome {
  switch (p.status) {
    case "ok": {
      const first = p.values.find((v) => v.value !== null)?.value ?? null;
      return {
        state: "ok",
        summary:
          p.resultType === "string"
            ? "A string result"
            : `Current value ${fmt(first)} · ${plural(p.seriesCount, "series", "series")}`,
        detail: p.query,
      };
    }
    case "no-data":
      return { state: "warn", summary: "No data", detail: p.message };
    case "invalid":
      return { state: "error", summary: "Prometheus refused this query", detail: p.message };
    case "unavailable":
    case "not-configured":
      return { state: "error", summary: "Not previewed", detail: p.message };
  }
}

export function urlCheck(u: UrlProbe): CheckOutcome {
  return u.ok ? { state: "ok", summary: `Answers: ${u.message}` } : { state: "error", summary: `No: ${u.message}` };
}

/** Reachability of every context the service uses, and per strategy the verbs it may not use. */
export function clusterCheck(
  a: ClusterAccessReport,
): CheckOutcome & { missing: { strategy: string; lines: string[] }[] } {
  const down = a.contexts.filter((c) => !c.reachable);
  const missing = a.strategies.filter((s) => !s.ok).map((s) => ({ strategy: s.kind, lines: s.problems }));
  const reach = a.contexts
    .map(
      (c) =>
        `${c.context}${c.server ? ` (${c.server})` : ""}: ${c.reachable ? `reachable, ${c.version ?? "?"}` : c.error}`,
    )
    .join("; ");
  if (down.length) return { state: "error", summary: "Cluster not reachable", detail: reach, missing };
  if (missing.length)
    return {
      state: "error",
      summary: `Reachable; ${plural(missing.length, "strategy", "strategies")} lack${missing.length === 1 ? "s" : ""} permissions`,
      detail: reach,
      missing,
    };
  const checked = a.strategies.map((s) => s.kind).join(", ") || "none configured";
  return { state: "ok", summary: `Reachable; all permissions present (${checked})`, detail: reach, missing: [] };
}
