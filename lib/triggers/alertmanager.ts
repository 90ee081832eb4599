import "server-only";
// Alerts from elsewhere (Alertmanager's webhook, payload version 4): each alert names its service
// with a `service` label and goes through the same per-service policy as the watcher's rules.
// Alertmanager re-sends a group until it is resolved; a fingerprint + startsAt key makes a re-sent
// alert a no-op instead of a new timeline entry.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Severity } from "@/lib/generated/prisma/enums";
import { handleFired, handleTransition, type Detection } from "@/lib/triggers/handle";

const labels = z.record(z.string(), z.string().max(4000)).default({});

export const alertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels,
  annotations: labels,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.string().optional(),
  generatorURL: z.string().max(8000).optional().default(""),
  fingerprint: z.string().max(200).optional(),
});

export const alertmanagerPayloadSchema = z.object({
  version: z.literal("4"),
  groupKey: z.string().max(8000).optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(500).optional(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().max(2000).optional(),
  alerts: z.array(alertSchema).max(1000),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
type Alert = z.infer<typeof alertSchema>;

/** Labels that make an alert one of the manual-trigger kinds (e.g. a data-corruption checker's alert). */
const SOURCES = ["data_corruption", "security_breach", "user_reports"] as const;

const SEVERITY: Record<string, Severity> = {
  critical: "P1",
  page: "P1",
  high: "P2",
  error: "P2",
  warning: "P3",
  info: "P4",
};

/** Constant-time comparison of the bearer token (hashes first, so lengths do not leak either). */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** The PromQL behind an alert, from its generator URL (Prometheus puts it in g0.expr). */
function queryOf(a: Alert): string | null {
  if (a.annotations.query) return a.annotations.query;
  try {
    return new URL(a.generatorURL).searchParams.get("g0.expr");
  } catch {
    return null;
  }
}

export type AlertResult = { alertname: string; service: string | null; outcome: string; incidentId?: string | null };

export async function receiveAlertmanager(payload: AlertmanagerPayload): Promise<AlertResult[]> {
  const out: AlertResult[] = [];
  for (const a of payload.alerts) {
    const all = { ...payload.commonLabels, ...a.labels };
    const alertname = all.alertname ?? "alert";
    const serviceName = all.service;
    if (!serviceName) {
      out.push({ alertname, service: null, outcome: "ignored: no service label" });
      continue;
    }
    const service = await db.service.findUnique({ where: { name: serviceName }, select: { id: true } });
    if (!service) {
      out.push({ alertname, service: serviceName, outcome: "ignored: unknown service" });
      continue;
    }
    const source = SOURCES.find((s) => s === all.rcc_source) ?? "alertmanager";
    const startsAt = new Date(a.startsAt);
    const d: Detection = {
      serviceId: service.id,
      source,
      rule: alertname,
      ruleLabel: a.annotations.summary ?? alertname,
      query: queryOf(a),
      value: num(a.annotations.value),
      threshold: num(a.annotations.threshold),
      comparator: a.annotations.comparator === "<" ? "<" : a.annotations.threshold ? ">" : null,
      // startsAt is when Prometheus first saw the breach; the alert arriving here is the detection.
      breachSince: startsAt,
      firedAt: new Date(),
      message: a.annotations.description ?? a.annotations.summary ?? alertname,
      severity: SEVERITY[all.severity ?? ""] ?? "P2",
      dedupeKey: `am:${a.fingerprint ?? createHash("sha256").update(JSON.stringify(a.labels)).digest("hex").slice(0, 16)}:${a.startsAt}`,
      extra: { labels: all, annotations: a.annotations, generatorURL: a.generatorURL || null },
    };
    if (a.status === "firing") {
      const r = await handleFired(d);
      out.push({
        alertname,
        service: serviceName,
        incidentId: r.incidentId,
        outcome: r.duplicate
          ? "duplicate"
          : r.policy === "off"
            ? "policy off"
            : `${r.created ? "opened" : "updated"} (${r.policy})${r.rollback ? `, rollback ${r.rollback.kind}` : ""}`,
      });
    } else {
      const incidentId = await handleTransition("resolved", d);
      out.push({ alertname, service: serviceName, incidentId, outcome: incidentId ? "resolved" : "no open incident" });
    }
  }
  return out;
}
