import "server-only";
/**
 * A PromQL query previewed against the Prometheus the dashboard uses (PROMETHEUS_URL), after the
 * same `$service`/`$window` substitution the watcher and charts apply (renderQuery). The result is
 * stated plainly: the current value(s) and series count, "no data", or Prometheus's own short
 * error (its `errorType` and `error` fields; never a response body beyond them).
 */
import { env } from "@/lib/env";
import { isAppError, operatorMessageOf } from "@/lib/errors";
import { createPrometheusClient } from "@/lib/prometheus/client";
import { DEFAULT_QUERIES, SIGNAL_NAMES, renderQuery, type SignalName } from "@/lib/prometheus/signals";
import type { ServiceSettings } from "@/lib/services/service-settings";

export interface PromqlValue {
  labels: Record<string, string>;
  /** null for NaN and infinities (which read as no data). */
  value: number | null;
}

export type PromqlPreview = {
  /** The query as sent, after substitution. */
  query: string;
  /** ok: values came back; no-data: the query is fine and matched nothing; invalid: Prometheus refused it. */
  status: "ok" | "no-data" | "invalid" | "unavailable" | "not-configured";
  resultType: "vector" | "scalar" | "string" | null;
  seriesCount: number;
  /** Up to MAX_VALUES series, in Prometheus's order. */
  values: PromqlValue[];
  /** Prometheus's errorType for invalid queries (e.g. "bad_data"), else null. */
  errorType: string | null;
  /** One sentence for the person looking, e.g. "2 series; first 0.013" or "No data: the query matched no series." */
  message: string;
};

export const MAX_VALUES = 20;
const MAX_MESSAGE = 500;

export interface PreviewOptions {
  /** Default PROMETHEUS_URL; null = not configured. */
  prometheusUrl?: string | null;
  timeoutMs?: number;
}

const fmt = (v: number | null) => (v === null ? "no value" : String(Number(v.toPrecision(6))));

export async function previewPromql(
  input: { query: string; serviceName: string; rateWindowSec?: number },
  opts: PreviewOptions = {},
): Promise<PromqlPreview> {
  const query = renderQuery(input.query, input.serviceName, input.rateWindowSec ?? 60);
  const base = { query, resultType: null, seriesCount: 0, values: [], errorType: null };
  const url = opts.prometheusUrl === undefined ? env().PROMETHEUS_URL : opts.prometheusUrl;
  if (!url) return { ...base, status: "not-configured", message: "Prometheus is not configured (set PROMETHEUS_URL)." };
  let result;
  try {
    result = await createPrometheusClient({ baseUrl: url, timeoutMs: opts.timeoutMs ?? 5_000 }).query(query);
  } catch (e) {
    const message = operatorMessageOf(e).slice(0, MAX_MESSAGE);
    if (isAppError(e) && e.code === "invalid") {
      const errorType = /^Prometheus query failed \(([^)]+)\)/.exec(message)?.[1] ?? null;
      return { ...base, status: "invalid", errorType, message };
    }
    return { ...base, status: "unavailable", message };
  }
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  if (result.kind === "string")
    return { ...base, status: "ok", resultType: "string", seriesCount: 1, message: "A string result." };
  const values: PromqlValue[] =
    result.kind === "scalar"
      ? [{ labels: {}, value: finite(result.value) }]
      : result.samples.map((s) => ({ labels: s.labels, value: finite(s.value) }));
  const withData = values.filter((v) => v.value !== null);
  if (withData.length === 0) {
    const why = values.length
      ? `No data: ${values.length} series, none with a finite value (NaN, e.g. no traffic).`
      : "No data: the query matched no series.";
    return { ...base, status: "no-data", resultType: result.kind, seriesCount: values.length, values, message: why };
  }
  const message =
    values.length === 1
      ? `1 series: ${fmt(values[0].value)}`
      : `${values.length} series; first ${fmt(values[0].value)}${values.length > MAX_VALUES ? ` (showing ${MAX_VALUES})` : ""}`;
  return {
    ...base,
    status: "ok",
    resultType: result.kind,
    seriesCount: values.length,
    values: values.slice(0, MAX_VALUES),
    message,
  };
}

/** Each of the service's four signals (its override, else the default query) previewed. */
export async function previewServiceSignals(
  settings: Pick<ServiceSettings, "name" | "promQueries" | "triggerConfig">,
  opts: PreviewOptions = {},
): Promise<Record<SignalName, PromqlPreview & { overridden: boolean }>> {
  const entries = await Promise.all(
    SIGNAL_NAMES.map(async (signal) => {
      const override = settings.promQueries[signal];
      const preview = await previewPromql(
        {
          query: override ?? DEFAULT_QUERIES[signal],
          serviceName: settings.name,
          rateWindowSec: settings.triggerConfig.rateWindowSec,
        },
        opts,
      );
      return [signal, { ...preview, overridden: override !== undefined }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<SignalName, PromqlPreview & { overridden: boolean }>;
}
