import "server-only";
// Server-side series for the charts: the server builds every query from the service (defaults or
// its overrides) and answers with grid-aligned points where "no data" stays null. Thresholds are
// the trigger rules' own; baseline rules show the threshold frozen at breach start when breaching.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, isAppError, operatorMessageOf } from "@/lib/errors";
import { createPrometheusClient, type Series } from "@/lib/prometheus/client";
import { prometheusNotConfiguredMessage } from "@/lib/prometheus/describe-prometheus-error";
import {
  DEFAULT_TRIGGER_CONFIG,
  baselineWindowSec,
  comparatorOf,
  parseTriggerConfig,
  usesBaseline,
  type TriggerConfig,
} from "@/lib/prometheus/rules";
import {
  SIGNALS,
  baselineQuery,
  promDuration,
  queryFixOf,
  signalQuery,
  type SignalName,
} from "@/lib/prometheus/signals";
import { formatValue } from "@/lib/triggers/format";
import { parseEvent, type EventKind } from "@/lib/incidents/events";
import {
  INCIDENT_RANGE,
  incidentWindow,
  onGrid,
  rangeWindow,
  type ChartWindow,
  type IncidentSpan,
  type Marker,
  type RangeKey,
  type SignalSeries,
  type SignalsResponse,
} from "@/lib/charts/ranges";

const QUERY_TIMEOUT_MS = 4_000;

/** The timeline events the charts mark. */
const MARKERS = {
  "deploy.finished": { kind: "deploy", label: "Deploy" },
  "rollback.started": { kind: "rollback", label: "Rollback started" },
  "rollback.succeeded": { kind: "rollback-end", label: "Rollback done" },
  "rollback.failed": { kind: "rollback-end", label: "Rollback failed" },
  "trigger.fired": { kind: "fired", label: "Rule fired" },
} as const satisfies Partial<Record<EventKind, Omit<Marker, "t">>>;
type MarkedKind = keyof typeof MARKERS;
const isMarked = (kind: string): kind is MarkedKind => Object.hasOwn(MARKERS, kind);

/** A recorded deploy this close to a timeline deploy marker is the same deploy, drawn once. */
const SAME_DEPLOY_MS = 60_000;

/**
 * The changes the recorder saw (lib/changes/) on the service, on every chart: workload revisions as
 * deploys, flag edits as flags. The dashboard's own rollbacks are drawn from the timeline already.
 */
async function changeMarkers(serviceId: string, start: number, now: number, timeline: Marker[]): Promise<Marker[]> {
  const rows = await db.changeEvent.findMany({
    where: { serviceId, fromDashboard: false, occurredAt: { gte: new Date(start), lte: new Date(now) } },
    orderBy: { occurredAt: "asc" },
    take: 200,
    select: { occurredAt: true, workloadKind: true },
  });
  const deploys = timeline.filter((m) => m.kind === "deploy").map((m) => m.t);
  return rows.flatMap((r): Marker[] => {
    const t = r.occurredAt.getTime();
    if (r.workloadKind === "FeatureFlag" || r.workloadKind === "ConfigMap")
      return [{ t, kind: "flag", label: "Flag change" }];
    if (deploys.some((d) => Math.abs(d - t) <= SAME_DEPLOY_MS)) return [];
    return [{ t, kind: "deploy", label: "Deploy" }];
  });
}

function single(series: Series[]): { t: number; v: number }[] {
  if (series.length > 1)
    throw new AppError(
      "invalid",
      `The query returned ${series.length} series; it must aggregate to one (e.g. sum(...))`,
    );
  return series[0]?.points ?? [];
}

function thresholdNote(name: SignalName, cfg: TriggerConfig): string {
  const unit = SIGNALS[name].unit;
  switch (name) {
    case "errorRate":
      return `> ${formatValue(cfg.errorRate.threshold, unit)} for ${promDuration(cfg.errorRate.forSec || 1)}`;
    case "healthSuccess":
      return `< ${formatValue(1 - cfg.healthSuccess.maxFailingRatio, unit)} passing for ${promDuration(cfg.healthSuccess.forSec || 1)}`;
    case "p95Latency":
      return `> ${cfg.p95Latency.factor} × baseline for ${promDuration(cfg.p95Latency.forSec || 1)}`;
    case "business":
      return `< ${Math.round((1 - cfg.business.maxDropRatio) * 100)} % of baseline for ${promDuration(cfg.business.forSec || 1)}`;
  }
}

function staticThreshold(name: SignalName, cfg: TriggerConfig, baseline: number | null): number | null {
  switch (name) {
    case "errorRate":
      return cfg.errorRate.threshold;
    case "healthSuccess":
      return 1 - cfg.healthSuccess.maxFailingRatio;
    case "p95Latency":
      return baseline === null ? null : cfg.p95Latency.factor * baseline;
    case "business":
      return baseline === null ? null : (1 - cfg.business.maxDropRatio) * baseline;
  }
}

export type SignalsOptions = {
  now?: number;
  /** Default: PROMETHEUS_URL. */
  prometheusUrl?: string | null;
  /** For range=incident: the incident (of this service) whose span the charts follow. */
  incidentId?: string;
};

async function chartWindow(
  serviceId: string,
  range: RangeKey,
  now: number,
  incidentId: string | undefined,
): Promise<{ window: ChartWindow; incident: IncidentSpan | null }> {
  if (range !== INCIDENT_RANGE) return { window: rangeWindow(range, now), incident: null };
  if (!incidentId) throw new AppError("invalid", "range=incident needs incident=<id>");
  // Only an incident of this service: the route checked incident.read, not which incident.
  const incident = await db.incident.findFirst({
    where: { id: incidentId, serviceId },
    select: { impactStartedAt: true, detectedAt: true, declaredAt: true, resolvedAt: true },
  });
  if (!incident) throw new AppError("not_found", "That incident does not exist for this service.");
  const w = incidentWindow(incident, now);
  return {
    window: { start: w.start, end: w.end, stepSec: w.stepSec },
    incident: { from: w.anchor, fromLabel: w.anchorLabel, to: incident.resolvedAt?.getTime() ?? null },
  };
}

export async function serviceSignals(
  serviceId: string,
  range: RangeKey,
  names: readonly SignalName[],
  opts: SignalsOptions = {},
): Promise<SignalsResponse> {
  const now = opts.now ?? Date.now();
  const service = await db.service.findUnique({
    where: { id: serviceId },
    select: { id: true, name: true, promQueries: true, triggerConfig: true, triggerPolicy: true, triggers: true },
  });
  if (!service) throw new AppError("not_found", "That service does not exist.");
  const parsed = parseTriggerConfig(service.triggerConfig);
  const cfg = parsed.ok ? parsed.config : DEFAULT_TRIGGER_CONFIG;
  const { window, incident } = await chartWindow(service.id, range, now, opts.incidentId);
  const { start, end, stepSec } = window;
  const rateWindowSec = Math.max(cfg.rateWindowSec, stepSec);
  const prometheusUrl = opts.prometheusUrl === undefined ? env().PROMETHEUS_URL : opts.prometheusUrl;
  const client = prometheusUrl ? createPrometheusClient({ baseUrl: prometheusUrl, timeoutMs: QUERY_TIMEOUT_MS }) : null;
  const states = new Map(service.triggers.map((s) => [s.rule, s]));
  let unreachable: string | null = prometheusUrl ? null : prometheusNotConfiguredMessage("draw these charts");

  const signals = await Promise.all(
    names.map(async (name): Promise<SignalSeries> => {
      const meta = SIGNALS[name];
      const state = states.get(name);
      const withBaseline = usesBaseline(name);
      const base: SignalSeries = {
        name,
        label: meta.label,
        unit: meta.unit,
        points: onGrid(start, end, stepSec, []),
        threshold: null,
        comparator: comparatorOf(name),
        thresholdNote: thresholdNote(name, cfg),
        hasBaseline: withBaseline,
        baselineNote: withBaseline
          ? `average over the ${promDuration(baselineWindowSec(cfg, name as "p95Latency" | "business"))} before`
          : null,
        enabled: cfg[name].enabled,
        rule: state
          ? {
              status: state.state,
              message: state.message,
              threshold: state.threshold,
              evaluatedAt: state.evaluatedAt.toISOString(),
            }
          : null,
        error: parsed.ok ? null : parsed.error,
      };
      if (!client) return { ...base, error: unreachable };
      const r = {
        start,
        end,
        stepSec,
        timeoutMs: QUERY_TIMEOUT_MS,
        what: `read the ${meta.label.toLowerCase()} of "${service.name}" for the charts`,
        queryFix: queryFixOf(service, name),
      };
      try {
        const query = signalQuery(service, name, { rateWindowSec });
        const windowSec = withBaseline ? baselineWindowSec(cfg, name as "p95Latency" | "business") : 0;
        const [cur, bl] = await Promise.all([
          client.queryRange(query, r),
          withBaseline
            ? client.queryRange(
                baselineQuery(query, {
                  windowSec,
                  offsetSec: rateWindowSec,
                  stepSec: Math.max(1, Math.round(windowSec / 30)),
                }),
                r,
              )
            : Promise.resolve(null),
        ]);
        const points = onGrid(start, end, stepSec, single(cur));
        let lastBaseline: number | null = null;
        if (bl) {
          const b = onGrid(start, end, stepSec, single(bl));
          points.forEach((p, i) => ((p as { b?: number | null }).b = b[i].v));
          lastBaseline = [...b].reverse().find((p) => p.v !== null)?.v ?? null;
        }
        // A breaching baseline rule is judged against the threshold frozen at its start.
        const frozen = withBaseline && state && ["pending", "firing"].includes(state.state) ? state.threshold : null;
        return { ...base, points, threshold: frozen ?? staticThreshold(name, cfg, lastBaseline) };
      } catch (e) {
        if (isAppError(e) && e.code === "unavailable") unreachable = e.userMessage;
        return { ...base, threshold: staticThreshold(name, cfg, null), error: operatorMessageOf(e) };
      }
    }),
  );

  const events = await db.timelineEvent.findMany({
    where: {
      incident: { serviceId: service.id },
      kind: { in: Object.keys(MARKERS) },
      // A resolved incident's range ends after it: later events belong to other stories.
      createdAt: { gte: new Date(start), lte: new Date(incident?.to != null ? end : now) },
    },
    orderBy: { id: "asc" },
    take: 200,
    select: { kind: true, createdAt: true, message: true, payload: true },
  });
  // A deploy is often recorded after it happened (when the trigger opens the incident): its
  // payload carries the real time, as the rollback metrics read it.
  const markers: Marker[] = events.flatMap((row) => {
    if (!isMarked(row.kind)) return [];
    const e = parseEvent(row);
    const t = e.kind === "deploy.finished" ? Date.parse(e.payload.deployedAt) : Number.NaN;
    return [{ t: Number.isNaN(t) ? row.createdAt.getTime() : t, ...MARKERS[row.kind] }];
  });
  markers.push(...(await changeMarkers(service.id, start, now, markers)));

  return {
    ok: true,
    service: { id: service.id, name: service.name, triggerPolicy: service.triggerPolicy },
    range,
    incident,
    start,
    end,
    stepSec,
    prometheus: !prometheusUrl ? "not_configured" : unreachable ? "unreachable" : "ok",
    prometheusError: unreachable,
    signals,
    markers,
  };
}
